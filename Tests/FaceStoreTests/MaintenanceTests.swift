import Foundation
import Synchronization
import Testing
import FaceTestSupport
@testable import FaceStore

@Suite struct AppUpdateTests {
    @Test(arguments: TestBackend.allCases) func changesApplyToTheNamedAppOnly(_ backend: TestBackend) async throws {
        try await StoreFixture.with(backend) { fixture in
            let app = try await fixture.app("first")
            let other = try await fixture.app("second")
            #expect(try await fixture.store.updateApp(apiKey: "first", .state(.disabled))?.state == .disabled)
            #expect(try await fixture.store.updateApp(apiKey: "first", .sealedSecret([9, 9]))?.sealedSecret == [9, 9])
            let quotas = try await fixture.store.updateApp(apiKey: "first", .quotas(maxGroups: 2, maxFaces: nil))
            #expect(quotas?.maxGroups == 2 && quotas?.maxFaces == app.maxFaces && quotas?.state == .disabled)
            #expect(try await fixture.store.app(apiKey: "second") == other)
            #expect(try await fixture.store.updateApp(apiKey: "nobody", .state(.active)) == nil)
            await expectStorageError(.constraint) {
                try await fixture.store.updateApp(apiKey: "first", .quotas(maxGroups: -1, maxFaces: nil))
            }
        }
    }

    @Test(arguments: TestBackend.allCases) func allLibrariesListsEveryAppsLibrariesByApp(_ backend: TestBackend) async throws {
        try await StoreFixture.with(backend) { fixture in
            let first = try await fixture.app()
            let second = try await fixture.app()
            _ = try await fixture.library("b", of: second)
            _ = try await fixture.library("a", of: first)
            _ = try await fixture.library("c", of: first)
            #expect(try await fixture.store.allLibraries().map(\.groupID) == ["a", "c", "b"])
        }
    }
}

@Suite struct BackupAndCheckpointTests {
    @Test func backupIsACompleteSnapshotInAPrivateNewFile() async throws {
        try await StoreFixture.with(.sqlite) { fixture in
            let app = try await fixture.app()
            let library = try await fixture.library("g", of: app)
            for _ in 0..<3 { try await fixture.face(in: library) }
            let target = fixture.directory.appending("backup.sqlite")
            try await fixture.store.backup(to: target)

            let attributes = try FileManager.default.attributesOfItem(atPath: target)
            #expect((attributes[.posixPermissions] as? Int) == 0o600)
            let snapshot = try SnapshotFile(path: target)
            #expect(try snapshot.integrityProblems().isEmpty)
            #expect(try snapshot.rowCounts() == (apps: 1, libraries: 1, faces: 3))
            #expect(try snapshot.schemaVersion() == MigrationCatalog.all.map(\.version).max())
            #expect(try snapshot.apps() == [app])
            // Never overwrites.
            await expectStorageError(.failed) { try await fixture.store.backup(to: target) }
            #expect(try SnapshotFile(path: target).rowCounts().faces == 3)
        }
    }

    @Test func postgresBackupNamesItsTools() async throws {
        try await StoreFixture.with(.postgres) { fixture in
            let target = fixture.directory.appending("backup.sqlite")
            let error = await #expect(throws: StorageError.self) { try await fixture.store.backup(to: target) }
            #expect(error?.reason == .unsupported && error?.message.contains("pg_dump") == true
                    && error?.message.contains("pg_restore") == true, "\(String(describing: error))")
            #expect(!FileManager.default.fileExists(atPath: target))
        }
    }

    @Test func snapshotOfANonDatabaseIsRefused() throws {
        let directory = try TemporaryDirectory(prefix: "snapshot")
        defer { directory.remove() }
        let path = directory.appending("not-a-db")
        try Data(repeating: 0x41, count: 4096).write(to: URL(fileURLWithPath: path))
        #expect(throws: SQLiteError.self) { try SnapshotFile(path: path) }
    }

    @Test func checkpointEmptiesTheWAL() async throws {
        try await StoreFixture.with(.sqlite) { fixture in
            let app = try await fixture.app()
            _ = try await fixture.library("g", of: app)
            let store = try #require(fixture.store as? SQLiteFaceStore)
            let wal = store.path + "-wal"
            let before = try FileManager.default.attributesOfItem(atPath: wal)[.size] as? Int ?? 0
            #expect(before > 0)
            #expect(try await store.shutDown())
            #expect(try FileManager.default.attributesOfItem(atPath: wal)[.size] as? Int == 0)
            try await fixture.store.checkWritable()
        }
    }
}

@Suite struct ConsistencyReportTests {
    @Test(arguments: TestBackend.allCases) func aSoundDatabaseReportsNothingButItsShapes(_ backend: TestBackend) async throws {
        try await StoreFixture.with(backend) { fixture in
            let library = try await fixture.library("g", of: try await fixture.app())
            try await fixture.face(in: library, embedding: [Float](repeating: 0.5, count: 128))
            try await fixture.face(in: library, embedding: [Float](repeating: 0.5, count: 128))
            let report = try await fixture.store.consistencyReport()
            #expect(report.integrityProblems.isEmpty && report.foreignKeyViolations == 0 && report.countMismatches.isEmpty)
            #expect(report.embeddingShapes == [.init(libraryID: library.id, libraryModel: "s21", faceModel: "s21",
                                                     embeddingBytes: 512, faces: 2)])
        }
    }

    @Test(arguments: TestBackend.allCases) func tamperedRowsAreReported(_ backend: TestBackend) async throws {
        try await StoreFixture.with(backend) { fixture in
            let library = try await fixture.library("g", of: try await fixture.app())
            try await fixture.face(in: library, embedding: [1, 2, 3])
            try await fixture.execute("UPDATE libraries SET face_count = 7")
            try await fixture.execute("UPDATE faces SET model_version = 'x9'")
            let report = try await fixture.store.consistencyReport()
            #expect(report.countMismatches == [.init(libraryID: library.id, recorded: 7, actual: 1)])
            #expect(report.embeddingShapes == [.init(libraryID: library.id, libraryModel: "s21", faceModel: "x9",
                                                     embeddingBytes: 12, faces: 1)])
        }
    }
}

@Suite struct LibraryTransferStoreTests {
    @Test(arguments: TestBackend.allCases) func snapshotReadsTheLibraryAndEveryFaceInOrder(_ backend: TestBackend) async throws {
        try await StoreFixture.with(backend) { fixture in
            let library = try await fixture.library("g", of: try await fixture.app())
            let tokens = (0..<5).map { _ in StoreFixture.token() }
            for (index, token) in tokens.enumerated() {
                try await fixture.face(in: library, token: token, embedding: [Float(index), -1.5])
            }
            let read = try await fixture.store.withLibrarySnapshot(libraryID: library.id) { record, cursor in
                var faces: [StoredFace] = []
                while let batch = try await cursor.nextBatch() { faces += batch }
                return (record, faces)
            }
            let (record, faces) = try #require(read)
            #expect(record.faceCount == 5 && faces.map(\.record.faceToken) == tokens)
            #expect(faces.map(\.embedding) == (0..<5).map { [Float($0), -1.5] })
            #expect(try await fixture.store.withLibrarySnapshot(libraryID: 999) { _, _ in true } == nil)
        }
    }

    @Test(arguments: TestBackend.allCases) func importCreatesTheLibraryWithAllItsFaces(_ backend: TestBackend) async throws {
        try await StoreFixture.with(backend) { fixture in
            let app = try await fixture.app()
            let outcome = try await fixture.store.importLibrary(Self.library(app), maxLibraries: 10, maxAppFaces: 100,
                                                                faces: Self.faces(["a", "b", "c"]))
            guard case .imported(let record) = outcome else { Issue.record("\(outcome)"); return }
            #expect(record.faceCount == 3 && record.groupID == "imported")
            #expect(try await fixture.store.faces(libraryID: record.id, offset: 0, limit: 10).map(\.userID) == ["a", "b", "c"])
        }
    }

    @Test(arguments: TestBackend.allCases) func refusedImportsLeaveNothingBehind(_ backend: TestBackend) async throws {
        try await StoreFixture.with(backend) { fixture in
            let app = try await fixture.app()
            let existing = try await fixture.library("old", of: app)
            let taken = StoreFixture.token()
            try await fixture.face(in: existing, token: taken)

            #expect(try await fixture.store.importLibrary(Self.library(app, "old"), maxLibraries: 10, maxAppFaces: 100,
                                                          faces: Self.faces(["a"])) == .duplicateGroupID)
            #expect(try await fixture.store.importLibrary(Self.library(app), maxLibraries: 1, maxAppFaces: 100,
                                                          faces: Self.faces(["a"])) == .libraryLimitReached)
            #expect(try await fixture.store.importLibrary(Self.library(app), maxLibraries: 10, maxAppFaces: 3,
                                                          faces: Self.faces(["a", "b", "c"])) == .faceLimitReached)
            #expect(try await fixture.store.importLibrary(Self.library(app), maxLibraries: 10, maxAppFaces: 100,
                                                          faces: Self.faces(["a", "b"], lastToken: taken))
                    == .duplicateFaceToken(taken))
            await #expect(throws: Broken.self) {
                try await fixture.store.importLibrary(Self.library(app), maxLibraries: 10, maxAppFaces: 100) { throw Broken() }
            }
            #expect(try await fixture.store.libraries(appID: app.id).map(\.groupID) == ["old"])
            #expect(try await fixture.store.faceTotal(appID: app.id) == 1)
        }
    }

    private struct Broken: Error {}

    private static func library(_ app: AppRecord, _ groupID: String = "imported") -> NewLibraryRecord {
        NewLibraryRecord(appID: app.id, groupID: groupID, name: "n", data: "", modelVersion: "s21", addTime: 5)
    }

    /// A face source yielding one face per user id, the last with `lastToken` if given.
    private static func faces(_ users: [String], lastToken: String? = nil) -> @Sendable () throws -> NewFaceRecord? {
        let remaining = Mutex(users)
        return {
            remaining.withLock { users -> NewFaceRecord? in
                guard !users.isEmpty else { return nil }
                let user = users.removeFirst()
                let token = users.isEmpty ? (lastToken ?? StoreFixture.token()) : StoreFixture.token()
                return NewFaceRecord(libraryID: 0, faceToken: token, userID: user, userData: "", addTime: 1,
                                     modelVersion: "s21", embedding: [1, 2])
            }
        }
    }
}
