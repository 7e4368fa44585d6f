import Foundation
import Testing
import FaceTestSupport
@testable import FaceStore
@testable import FaceStorePostgres

/// A fresh store on one backend (a temp directory's SQLite file, or a new
/// PostgreSQL database on the test cluster), with helpers to add rows.
struct StoreFixture {
    let backend: TestBackend
    let directory: TemporaryDirectory
    let store: any FaceStorage & StorageMaintenance
    /// The PostgreSQL database, for the postgres backend.
    let database: TestDatabase?

    /// Runs `body` on a fresh fixture, then closes the store and removes its data.
    static func with<T>(_ backend: TestBackend, _ body: (StoreFixture) async throws -> T) async throws -> T {
        let directory = try TemporaryDirectory(prefix: "facestore")
        defer { directory.remove() }
        let database = backend == .postgres ? try TestPostgres.makeDatabase() : nil
        defer { database?.drop() }
        let fixture = StoreFixture(backend: backend, directory: directory,
                                   store: try await open(backend, directory: directory, database: database),
                                   database: database)
        do {
            let result = try await body(fixture)
            _ = try? await fixture.store.shutDown()
            return result
        } catch {
            _ = try? await fixture.store.shutDown()
            throw error
        }
    }

    private static func open(_ backend: TestBackend, directory: TemporaryDirectory,
                             database: TestDatabase?) async throws -> any FaceStorage & StorageMaintenance {
        switch backend {
        case .sqlite: try SQLiteFaceStore(directory: directory.path)
        case .postgres: try await PostgresFaceStore.open(url: PostgresURL(database!.url))
        }
    }

    /// Another store on the same database, as a second process would open it
    /// (facectl beside the server, or a second node); the caller shuts it down.
    func openAgain() async throws -> any FaceStorage & StorageMaintenance {
        try await Self.open(backend, directory: directory, database: database)
    }

    /// Runs a statement on the database behind the store's back (tampering tests).
    func execute(_ sql: String) async throws {
        switch backend {
        case .sqlite:
            let lock = try DatabaseLock(dataDirectory: directory.path)
            defer { lock.release() }
            try lock.execute(sql)
        case .postgres:
            try database!.execute(sql)
        }
    }

    /// The integer a query returns, read behind the store's back.
    func integer(_ sql: String) async throws -> Int? {
        switch backend {
        case .sqlite:
            let store = try #require(store as? SQLiteFaceStore)
            return try await store.read { try $0.prepare(sql).firstRow { $0.int(0) } }
        case .postgres:
            return Int(try database!.execute(sql))
        }
    }

    func app(_ key: String = "key-\(UInt32.random(in: 0 ... .max))", maxGroups: Int = 10,
             maxFaces: Int = 5_000_000) async throws -> AppRecord {
        try await store.insertApp(NewAppRecord(apiKey: key, name: "test app", sealedSecret: [1, 2, 3],
                                               maxGroups: maxGroups, maxFaces: maxFaces, createdAt: 1_700_000_000_000))
    }

    func library(_ groupID: String, of app: AppRecord) async throws -> LibraryRecord {
        let outcome = try await store.insertLibrary(
            NewLibraryRecord(appID: app.id, groupID: groupID, name: "name \(groupID)", data: "",
                             modelVersion: "s21", addTime: 1_700_000_000_000),
            maxLibraries: app.maxGroups)
        guard case .inserted(let record) = outcome else { throw FixtureError.unexpected("\(outcome)") }
        return record
    }

    @discardableResult
    func face(in library: LibraryRecord, token: String = Self.token(), userID: String = "user",
              embedding: [Float] = [0.5, -1.25, 3.0], maxAppFaces: Int = 5_000_000) async throws -> FaceInsertOutcome {
        try await store.insertFace(
            NewFaceRecord(libraryID: library.id, faceToken: token, userID: userID, userData: "data",
                          addTime: 1_700_000_000_123, modelVersion: "s21", embedding: embedding),
            maxAppFaces: maxAppFaces)
    }

    static func token() -> String {
        (0..<32).map { _ in String("0123456789abcdef".randomElement()!) }.joined()
    }

    enum FixtureError: Error { case unexpected(String) }
}

/// Expects `body` to throw the seam's error of this kind.
func expectStorageError<R>(_ reason: StorageError.Reason, sourceLocation: SourceLocation = #_sourceLocation,
                           _ body: () async throws -> R) async {
    let error = await #expect(throws: StorageError.self, sourceLocation: sourceLocation) { _ = try await body() }
    #expect(error?.reason == reason, "\(String(describing: error))", sourceLocation: sourceLocation)
}
