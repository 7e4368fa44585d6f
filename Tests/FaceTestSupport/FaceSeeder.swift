import FaceLibrary
import FaceStore
import FaceStorePostgres
import Foundation

/// Puts faces straight into a store, as an import by ops would, for tests of
/// listing and deletion that need faces without a model.
public enum FaceSeeder {
    /// Adds `count` faces with random tokens to an app's library in a data
    /// directory's database; returns their tokens in order. Embeddings are one
    /// constant unit vector unless `randomEmbeddings` (unit vectors in random directions).
    /// With `databaseURL`, the faces go into that PostgreSQL database instead of the directory's SQLite file.
    public static func addFaces(count: Int, to groupID: String, of apiKey: String, in dataDirectory: String,
                                databaseURL: String? = nil, userID: String = "user",
                                randomEmbeddings: Bool = false) async throws -> [String] {
        let store: any FaceStorage & StorageMaintenance = if let databaseURL {
            try await PostgresFaceStore.open(url: PostgresURL(databaseURL))
        } else {
            try SQLiteFaceStore(directory: dataDirectory)
        }
        let seeded = await Result(awaiting: {
            try await addFaces(count: count, to: groupID, of: apiKey, in: store, userID: userID,
                               randomEmbeddings: randomEmbeddings)
        })
        if databaseURL != nil { _ = try? await store.shutDown() }
        return try seeded.get()
    }

    /// Adds `count` faces to a server's library, in whichever database it uses.
    public static func addFaces(count: Int, to groupID: String, of apiKey: String, on server: ServerProcess,
                                userID: String = "user", randomEmbeddings: Bool = false) async throws -> [String] {
        try await addFaces(count: count, to: groupID, of: apiKey, in: server.dataDirectory,
                           databaseURL: server.databaseURL, userID: userID, randomEmbeddings: randomEmbeddings)
    }

    /// Adds `count` faces to an app's library in `store`; as above.
    public static func addFaces(count: Int, to groupID: String, of apiKey: String,
                                in store: any FaceStorage & StorageMaintenance,
                                userID: String = "user", randomEmbeddings: Bool = false) async throws -> [String] {
        guard let app = try await store.app(apiKey: apiKey),
              let library = try await store.library(appID: app.id, groupID: groupID) else {
            throw SeederError.noSuchLibrary(groupID)
        }
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        let faces = try (0..<count).map { index in
            NewFaceRecord(libraryID: library.id, faceToken: try FaceToken.random(), userID: userID,
                          userData: "seed \(index)", addTime: now, modelVersion: "s21",
                          embedding: randomEmbeddings ? randomUnitVector() : [Float](repeating: 1 / Float(128).squareRoot(), count: 128))
        }
        // One transaction: thousands of seeds cost one commit, not one each.
        let outcome = try await store.insertFaces(faces, maxAppFaces: .max)
        guard case .inserted = outcome else { throw SeederError.refused("\(outcome)") }
        return faces.map(\.faceToken)
    }

    private static func randomUnitVector() -> [Float] {
        let vector = (0..<128).map { _ in Float.random(in: -1...1) }
        let norm = vector.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return vector.map { $0 / norm }
    }

    /// The store refused a seed.
    public enum SeederError: Error {
        case noSuchLibrary(String)
        case refused(String)
    }
}
