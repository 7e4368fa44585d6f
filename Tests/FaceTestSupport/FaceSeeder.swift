import FaceLibrary
import FaceStore
import FaceStorePostgres
import Foundation

/// Puts faces straight into a data directory's store, as an import by ops
/// would, for tests of listing and deletion that need faces without a model.
public enum FaceSeeder {
    /// Adds `count` faces with random tokens to an app's library; returns their tokens in order.
    /// Embeddings are constant unless `randomEmbeddings` (unit vectors in random directions).
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
            try await seed(count, to: groupID, of: apiKey, in: store, userID: userID, randomEmbeddings: randomEmbeddings)
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

    private static func seed(_ count: Int, to groupID: String, of apiKey: String, in store: any FaceStorage,
                             userID: String, randomEmbeddings: Bool) async throws -> [String] {
        guard let app = try await store.app(apiKey: apiKey),
              let library = try await store.library(appID: app.id, groupID: groupID) else {
            throw SeederError.noSuchLibrary(groupID)
        }
        var tokens: [String] = []
        for index in 0..<count {
            let token = try FaceToken.random()
            let outcome = try await store.insertFace(
                NewFaceRecord(libraryID: library.id, faceToken: token, userID: userID, userData: "seed \(index)",
                              addTime: Int64(Date().timeIntervalSince1970 * 1000), modelVersion: "s21",
                              embedding: randomEmbeddings ? randomUnitVector() : [Float](repeating: 0.1, count: 128)),
                maxAppFaces: .max)
            guard case .inserted = outcome else { throw SeederError.refused("\(outcome)") }
            tokens.append(token)
        }
        return tokens
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
