import Foundation
import Testing
import FaceTestSupport
@testable import FaceStore

/// A database on a read-only tmpfs (mounted by the test, hence root only):
/// opened for reads, every write refused untried, migrations never run.
@Suite(.enabled(if: ScratchFilesystem.isAvailable, "needs root to mount a tmpfs"))
struct ReadOnlyStoreTests {
    @Test func currentSchemaIsServedReadOnly() async throws {
        let disk = try ScratchFilesystem(megabytes: 8)
        defer { disk.unmount() }
        let library = try await Self.seed(disk.path)
        try disk.remount(readOnly: true)

        let store = try SQLiteFaceStore(directory: disk.path)
        #expect(store.access.readOnlyReason?.contains("Read-only file system") == true, "\(store.access)")
        #expect(try await store.library(appID: library.appID, groupID: "g")?.id == library.id)
        #expect(try await store.faces(libraryID: library.id, offset: 0, limit: 10).count == 1)
        await #expect(throws: StorageError.self) { try await store.checkWritable() }
        await #expect(throws: StorageError.self) { _ = try await store.deleteLibrary(id: library.id, onlyIfEmpty: false) }
        #expect(try await store.faces(libraryID: library.id, offset: 0, limit: 10).count == 1)
        #expect(store.writeFailure == nil)
    }

    @Test func pendingMigrationsOnAReadOnlyDatabaseAreRefused() throws {
        let disk = try ScratchFilesystem(megabytes: 8)
        defer { disk.unmount() }
        let path = SQLiteFaceStore.databasePath(in: disk.path)
        let first = try #require(Migration(fileName: "0001_one.sql", sql: "CREATE TABLE one (x INTEGER);"))
        let second = try #require(Migration(fileName: "0002_two.sql", sql: "CREATE TABLE two (x INTEGER);"))
        _ = try SQLiteFaceStore(path: path, migrations: [first])
        try disk.remount(readOnly: true)
        #expect(throws: MigrationError.pendingOnReadOnly(versions: [2])) {
            _ = try SQLiteFaceStore(path: path, migrations: [first, second])
        }
        #expect(throws: MigrationError.databaseIsNewer(databaseVersion: 1, binaryVersion: 0)) {
            _ = try SQLiteFaceStore(path: path, migrations: [])
        }
        #expect(try SQLiteFaceStore(path: path, migrations: [first]).access != .readWrite)
    }

    /// A library with one face, in a store closed again (no -wal, no -shm left).
    private static func seed(_ directory: String) async throws -> LibraryRecord {
        let store = try SQLiteFaceStore(directory: directory)
        let app = try await store.insertApp(NewAppRecord(apiKey: "k", name: "app", sealedSecret: [1], maxGroups: 10,
                                                         maxFaces: 10, createdAt: 1))
        guard case .inserted(let library) = try await store.insertLibrary(
            NewLibraryRecord(appID: app.id, groupID: "g", name: "g", data: "", modelVersion: "s21", addTime: 1),
            maxLibraries: 10) else { throw SeedError() }
        _ = try await store.insertFace(NewFaceRecord(libraryID: library.id, faceToken: StoreFixture.token(), userID: "u", userData: "",
                                                     addTime: 1, modelVersion: "s21", embedding: [1, 0]),
                                       maxAppFaces: 10)
        return library
    }

    private struct SeedError: Error {}
}
