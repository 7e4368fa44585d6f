import FaceTestSupport
@testable import FaceStore

/// A fresh store in a temp directory, with helpers to add rows.
struct StoreFixture {
    let directory: TemporaryDirectory
    let store: SQLiteFaceStore

    init() throws {
        directory = try TemporaryDirectory(prefix: "facestore")
        store = try SQLiteFaceStore(directory: directory.path)
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
