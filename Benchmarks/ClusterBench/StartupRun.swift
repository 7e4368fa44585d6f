import FaceStore
import FaceStorePostgres
import FaceTestSupport
import Foundation

// Design note: one library of N random unit vectors is written into the
// database in bulk (as `facectl import` would), then one node starts alone
// and, after it stopped, three start together. "Ready" is the admin /readyz
// answering 200: every library loaded from a snapshot and the first sync
// with the change log done. Three nodes loading at once share this machine's
// cores and the database's disk, which a real deployment does not.

/// Start-up of nodes on a large database.
enum StartupRun {
    static func measure(faces: Int) async throws -> String {
        let cluster = try ClusterHarness(nodes: 3)
        defer { cluster.remove() }
        let credentials = try await cluster.createApp(name: "startup")
        let seeding = ContinuousClock.now
        try await seed(faces, apiKey: credentials.apiKey, into: cluster.database.url)
        let seeded = seconds(since: seeding)

        let alone = try await start(cluster, nodes: [0])
        let together = try await start(cluster, nodes: [0, 1, 2])
        var lines = ["Start-up on \(faces) faces (seeded in \(String(format: "%.0f", seeded)) s): listening → /readyz 200"]
        lines.append(String(format: "  1 node alone                  %6.1f s   peak RSS %5d MiB", alone[0].ready, alone[0].rssMiB))
        for (index, node) in together.enumerated() {
            lines.append(String(format: "  3 nodes together, node %d      %6.1f s   peak RSS %5d MiB", index, node.ready, node.rssMiB))
        }
        let slowest = together.map(\.ready).max() ?? .nan
        lines.append(String(format: "  all 3 ready after             %6.1f s   (the PostgreSQL store's own target: 1M faces ≤ 10 s for one node)",
                            slowest))
        return lines.joined(separator: "\n")
    }

    /// Starts `nodes` at once; each node's seconds from launch to ready, and peak RSS.
    private static func start(_ cluster: ClusterHarness, nodes: [Int]) async throws -> [(ready: Double, rssMiB: Int)] {
        let launched = ContinuousClock.now
        let results = try await withThrowingTaskGroup(of: (Int, Double, Int).self) { group in
            for index in nodes {
                group.addTask {
                    try await cluster.nodes[index].start(timeout: .seconds(300))
                    try await cluster.waitUntilReady(index, within: .seconds(300))
                    let ready = seconds(since: launched)
                    return (index, ready, (cluster.nodes[index].memoryKiB("VmHWM") ?? 0) / 1024)
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        for index in nodes { _ = try await cluster.nodes[index].stop() }
        return results.sorted { $0.0 < $1.0 }.map { ($0.1, $0.2) }
    }

    /// Writes one library of `count` random unit vectors for the app, in bulk transactions.
    private static func seed(_ count: Int, apiKey: String, into url: String) async throws {
        let store = try await PostgresFaceStore.open(url: PostgresURL(url), notifyChanges: false)
        guard let app = try await store.app(apiKey: apiKey),
              case .inserted(let library) = try await store.insertLibrary(
                NewLibraryRecord(appID: app.id, groupID: "big", name: "big", data: "", modelVersion: "s21", addTime: 1),
                maxLibraries: app.maxGroups)
        else { throw BenchFailure("cannot create the big library") }
        var generator = Xorshift(seed: 0x5eed)
        var written = 0
        while written < count {
            let batch = (written..<min(count, written + 25_000)).map { index in
                NewFaceRecord(libraryID: library.id, faceToken: String(format: "%032llx", index + 1), userID: "u\(index)",
                              userData: "", addTime: 1, modelVersion: "s21", embedding: generator.unitVector(128))
            }
            guard case .inserted = try await store.insertFaces(batch, maxAppFaces: .max) else {
                throw BenchFailure("bulk insert refused")
            }
            written += batch.count
        }
        _ = try await store.shutDown()
    }
}

/// A small fast generator for benchmark vectors (xorshift64*).
struct Xorshift {
    private var state: UInt64

    init(seed: UInt64) { state = seed | 1 }

    mutating func next() -> UInt64 {
        state ^= state >> 12
        state ^= state << 25
        state ^= state >> 27
        return state &* 0x2545_F491_4F6C_DD1D
    }

    /// A vector of `dimension` components uniform in [-1, 1], normalised to length 1.
    mutating func unitVector(_ dimension: Int) -> [Float] {
        var vector = (0..<dimension).map { _ in Float(next() >> 40) / Float(1 << 23) - 1 }
        let norm = vector.reduce(0) { $0 + $1 * $1 }.squareRoot()
        for index in vector.indices { vector[index] /= norm }
        return vector
    }
}
