import FaceStore
import FaceStorePostgres
import Foundation

// Design note: `make bench-startup BACKEND=postgres` measures the PostgreSQL
// start-up on the same data as the SQLite one: every app (same api_key and
// sealed secret, so the directory's key file serves both), library and face
// (same token, embedding and order) is copied from the cached SQLite
// directory into an empty PostgreSQL database through the two stores' own
// seams, 20,000 faces per transaction.

/// Copies a benchmark data directory's database into PostgreSQL.
enum PostgresCopy {
    static func copy(from data: BenchDataDirectory, to url: PostgresURL) async throws -> Int {
        let source = try SQLiteFaceStore(directory: data.path)
        let target = try await PostgresFaceStore.open(url: url)
        var copied = 0
        for app in try await source.apps() {
            _ = try await target.insertApp(NewAppRecord(apiKey: app.apiKey, name: app.name, sealedSecret: app.sealedSecret,
                                                        maxGroups: app.maxGroups, maxFaces: app.maxFaces,
                                                        createdAt: app.createdAt))
            guard let copy = try await target.app(apiKey: app.apiKey) else { throw BenchError("app not copied") }
            for library in try await source.libraries(appID: app.id) {
                let outcome = try await target.insertLibrary(
                    NewLibraryRecord(appID: copy.id, groupID: library.groupID, name: library.name, data: library.data,
                                     modelVersion: library.modelVersion, addTime: library.addTime),
                    maxLibraries: copy.maxGroups)
                guard case .inserted(let created) = outcome else { throw BenchError("library: \(outcome)") }
                copied += try await source.withLibrarySnapshot(libraryID: library.id) { _, cursor in
                    var pending: [NewFaceRecord] = []
                    var count = 0
                    func flush() async throws {
                        guard case .inserted = try await target.insertFaces(pending, maxAppFaces: copy.maxFaces) else {
                            throw BenchError("faces not copied")
                        }
                        count += pending.count
                        pending.removeAll(keepingCapacity: true)
                    }
                    while let batch = try await cursor.nextBatch() {
                        pending += batch.map {
                            NewFaceRecord(libraryID: created.id, faceToken: $0.record.faceToken, userID: $0.record.userID,
                                          userData: $0.record.userData, addTime: $0.record.addTime,
                                          modelVersion: $0.record.modelVersion, embedding: $0.embedding)
                        }
                        if pending.count >= 20_000 { try await flush() }
                    }
                    if !pending.isEmpty { try await flush() }
                    return count
                } ?? 0
            }
        }
        _ = try await target.shutDown()
        return copied
    }
}
