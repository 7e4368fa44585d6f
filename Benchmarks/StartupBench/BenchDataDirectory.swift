import FaceLibrary
import FaceStore
import Foundation

// Design note: the benchmark's data directory is built once per face count
// and cached under .bench/startup/faces-N/ (a `ready.json` written last marks
// it complete, so an interrupted build is redone). It holds one app with two
// libraries: "big" with N faces (random unit vectors plus the real embeddings
// of a few photos, so a search has a true match) and "small" with only the
// real faces (the vision-only baseline). Rows go in through the store's own
// bulk insert, 50,000 faces per transaction.

/// A cached data directory with one app and its two benchmark libraries.
struct BenchDataDirectory: Codable {
    static let bigLibrary = "big", smallLibrary = "small"
    /// Enrolled photos and their people; the searched portrait (a crop of obama.jpg) is not one of them.
    static let enrolled = [("obama2.jpg", "obama"), ("obama3.jpg", "obama"), ("biden.jpg", "biden"),
                           ("astronaut.png", "astronaut")]

    var path: String
    var apiKey: String
    var apiSecret: String
    var faces: Int

    /// The cached directory for `faces` faces, built first if missing.
    static func prepare(root: String, faces: Int, model: RecognitionModel) async throws -> BenchDataDirectory {
        let path = "\(root)/.bench/startup/faces-\(faces)"
        let marker = "\(path)/ready.json"
        if let data = FileManager.default.contents(atPath: marker) {
            // The recorded path is where it was built; the repository may have moved since.
            var cached = try JSONDecoder().decode(BenchDataDirectory.self, from: data)
            cached.path = path
            return cached
        }
        try? FileManager.default.removeItem(atPath: path)
        let started = Date()
        let built = try await build(at: path, faces: faces, photos: "\(root)/Tests/Fixtures/photos", model: model)
        try JSONEncoder().encode(built).write(to: URL(fileURLWithPath: marker))
        print(String(format: "generated %@ (%d faces) in %.1f s", path, faces, Date().timeIntervalSince(started)))
        return built
    }

    private static func build(at path: String, faces: Int, photos: String,
                              model: RecognitionModel) async throws -> BenchDataDirectory {
        let services = try await LibraryServices.open(dataDirectory: path)
        let credentials = try await services.apps.createApp(
            name: "startup bench", quotas: AppQuotas(maxGroups: 2, maxFaces: faces + enrolled.count))
        let store = try SQLiteFaceStore(directory: path)
        guard let app = try await store.app(apiKey: credentials.apiKey) else { throw BenchError("app not stored") }
        let big = try await library(bigLibrary, of: app, in: store)
        let small = try await library(smallLibrary, of: app, in: store)

        var real: [(user: String, embedding: [Float])] = []
        for (photo, user) in enrolled {
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: "\(photos)/\(photo)")))
            real.append((user, try await model.pipeline.largestFace(imageBytes: bytes).embedding))
        }
        var random = RandomFaces(seed: 21)
        var realFaces: [NewFaceRecord] = []
        for library in [small.id, big.id] {
            for (user, embedding) in real {
                realFaces.append(face(library: library, user: user, embedding: embedding, token: random.token()))
            }
        }
        try await insert(realFaces, into: store, quota: app.maxFaces)
        let batch = 50_000
        for start in stride(from: real.count, to: faces, by: batch) {
            let rows = (start..<min(start + batch, faces)).map { row in
                face(library: big.id, user: "random \(row)", embedding: random.unitVector(dimension: 128),
                     token: random.token())
            }
            try await insert(rows, into: store, quota: app.maxFaces)
        }
        return BenchDataDirectory(path: path, apiKey: credentials.apiKey, apiSecret: credentials.apiSecret,
                                  faces: faces)
    }

    private static func library(_ groupID: String, of app: AppRecord,
                                in store: SQLiteFaceStore) async throws -> LibraryRecord {
        let outcome = try await store.insertLibrary(
            NewLibraryRecord(appID: app.id, groupID: groupID, name: groupID, data: "", modelVersion: "s21",
                             addTime: Int64(Date().timeIntervalSince1970 * 1000)),
            maxLibraries: app.maxGroups)
        guard case .inserted(let record) = outcome else { throw BenchError("library \(groupID): \(outcome)") }
        return record
    }

    private static func face(library: Int64, user: String, embedding: [Float], token: String) -> NewFaceRecord {
        NewFaceRecord(libraryID: library, faceToken: token, userID: user, userData: "",
                      addTime: 1_700_000_000_000, modelVersion: "s21", embedding: embedding)
    }

    private static func insert(_ faces: [NewFaceRecord], into store: SQLiteFaceStore, quota: Int) async throws {
        let outcome = try await store.insertFaces(faces, maxAppFaces: quota)
        guard case .inserted = outcome else { throw BenchError("bulk insert: \(outcome)") }
    }
}
