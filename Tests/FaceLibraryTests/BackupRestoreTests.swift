import Foundation
import Testing
import FaceLibrary
import FaceTestSupport

@Suite struct BackupRestoreTests {
    @Test func restoredDirectoryHoldsWhatWasBackedUp() async throws {
        let fixture = try await OpsFixture(faces: 6)
        defer { fixture.directory.remove() }
        let backup = fixture.file("backup.sqlite")
        let summary = try await fixture.data.backup(to: backup, includeKey: true)
        #expect(summary.apps == 1 && summary.libraries == 1 && summary.faces == 6 && summary.bytes > 0)
        #expect(summary.keyPath == backup + ".key")
        // Written after the backup: not in it.
        try await fixture.addLibrary("later", faces: 1)

        let restored = try TemporaryDirectory(prefix: "ops-restored")
        defer { restored.remove() }
        let target = restored.appending("data")
        let result = try DataDirectory.restore(from: backup, keyFile: backup + ".key", into: target)
        #expect(result.faces == 6 && result.path == target)
        let data = try await DataDirectory.open(target, create: false)
        let app = try await OpsFixture.app(data, fixture.apiKey)
        #expect(app.secret == Array(fixture.credentials.apiSecret.utf8))
        #expect(try await data.services.libraries.list(for: app).map(\.groupID) == ["g"])
        #expect(try await fixture.faces("g", in: data) == fixture.faces("g"))
        #expect(try await data.check().isHealthy)
    }

    @Test func restoreRefusesWhatWouldNotWork() async throws {
        let fixture = try await OpsFixture(faces: 1)
        defer { fixture.directory.remove() }
        let backup = fixture.file("backup.sqlite")
        _ = try await fixture.data.backup(to: backup, includeKey: true)
        await #expect(throws: DataDirectoryError.fileExists(backup)) {
            try await fixture.data.backup(to: backup, includeKey: false)
        }

        // Into a directory that already holds something.
        #expect(throws: DataDirectoryError.notEmpty(fixture.directory.path)) {
            try DataDirectory.restore(from: backup, keyFile: backup + ".key", into: fixture.directory.path)
        }
        // With another directory's key: it does not open the secrets.
        let other = try TemporaryDirectory(prefix: "ops-key")
        defer { other.remove() }
        let foreignKey = other.appending("other.key")
        try SealingKeyFile.create(at: foreignKey, key: [UInt8](repeating: 3, count: 32))
        #expect(throws: DataDirectoryError.wrongKey(keyFile: foreignKey, apiKey: fixture.apiKey)) {
            try DataDirectory.restore(from: backup, keyFile: foreignKey, into: other.appending("a"))
        }
        // A file that is not a database.
        let garbage = other.appending("garbage.sqlite")
        try Data(repeating: 7, count: 8192).write(to: URL(fileURLWithPath: garbage))
        #expect(throws: (any Error).self) {
            try DataDirectory.restore(from: garbage, keyFile: backup + ".key", into: other.appending("b"))
        }
        #expect(!FileManager.default.fileExists(atPath: other.appending("a")))
        #expect(!FileManager.default.fileExists(atPath: other.appending("b")))
    }

    @Test func backupWithoutKeyWritesOnlyTheSnapshot() async throws {
        let fixture = try await OpsFixture(faces: 0)
        defer { fixture.directory.remove() }
        let backup = fixture.file("nokey.sqlite")
        #expect(try await fixture.data.backup(to: backup, includeKey: false).keyPath == nil)
        #expect(FileManager.default.fileExists(atPath: backup))
        #expect(!FileManager.default.fileExists(atPath: backup + ".key"))
        // The data directory's own key still restores it.
        let restored = try TemporaryDirectory(prefix: "ops-restored")
        defer { restored.remove() }
        _ = try DataDirectory.restore(from: backup, keyFile: SealingKeyFile.path(in: fixture.directory.path),
                                      into: restored.path)
        #expect(try await DataDirectory.open(restored.path, create: false).services.apps.apps().count == 1)
    }

    @Test func openingForOpsNeedsAnExistingDatabase() async throws {
        let directory = try TemporaryDirectory(prefix: "ops-empty")
        defer { directory.remove() }
        await #expect(throws: DataDirectoryError.noDatabase(directory.path)) {
            try await DataDirectory.open(directory.path, create: false)
        }
    }
}
