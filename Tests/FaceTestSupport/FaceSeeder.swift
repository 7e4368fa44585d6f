import FaceLibrary
import FaceStore
import Foundation

/// Puts faces straight into a data directory's store, as an import by ops
/// would, for tests of listing and deletion that need faces without a model.
public enum FaceSeeder {
    /// Adds `count` faces with random tokens to an app's library; returns their tokens in order.
    public static func addFaces(count: Int, to groupID: String, of apiKey: String, in dataDirectory: String,
                                userID: String = "user") async throws -> [String] {
        let store = try SQLiteFaceStore(directory: dataDirectory)
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
                              embedding: [Float](repeating: 0.1, count: 128)),
                maxAppFaces: .max)
            guard case .inserted = outcome else { throw SeederError.refused("\(outcome)") }
            tokens.append(token)
        }
        return tokens
    }

    /// The store refused a seed.
    public enum SeederError: Error {
        case noSuchLibrary(String)
        case refused(String)
    }
}
