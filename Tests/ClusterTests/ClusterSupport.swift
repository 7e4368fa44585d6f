import Foundation
import Testing
import FaceTestSupport

/// How much of the cluster suite runs: `make test` runs a short subset,
/// `make test-cluster` (FACE_TEST_CLUSTER=full) every scenario at length.
enum ClusterScale {
    static let full = ProcessInfo.processInfo.environment["FACE_TEST_CLUSTER"] == "full"

    /// Read-your-writes rounds: hundreds in the full run.
    static var rounds: Int { full ? 300 : 15 }
}

/// Photos with one clear face each.
let portraits = ["obama.jpg", "biden.jpg"]

/// Runs `body` on a started cluster of `nodes` nodes, then stops it (every node must exit 0) and removes it.
func withCluster(nodes: Int = 3, arguments: [String] = [],
                 _ body: (ClusterHarness) async throws -> Void) async throws {
    let cluster = try ClusterHarness(nodes: nodes, arguments: arguments)
    defer { cluster.remove() }
    try await cluster.start()
    try await body(cluster)
    #expect(try await cluster.stop().allSatisfy { $0 == 0 })
}

extension FaceClient {
    /// `add` of a test photo; the whole reply.
    func add(_ photo: String, user: String, to groupID: String) async throws -> HTTPReply {
        try await call("add", parts: [("group_id", .text(groupID)), ("file", try TestPhotos.part(photo)),
                                      ("user_id", .text(user))])
    }

    /// `search` of a test photo; the tokens answered, best first (nil with the reply when it failed).
    func searchTokens(_ photo: String, in groupID: String, limit: Int = 10) async throws -> ([String]?, HTTPReply) {
        let reply = try await call("search", parts: [("group_id", .text(groupID)), ("file", try TestPhotos.part(photo)),
                                                     ("limit", .text(String(limit)))])
        guard reply.status == 200, let results = reply.json?["results"]?.array else { return (nil, reply) }
        return (results.compactMap { $0["face_token"]?.string }, reply)
    }

    /// `create` of a library; the reply.
    func create(_ groupID: String) async throws -> HTTPReply {
        try await call("create", [("group_id", groupID), ("group_name", "cluster library")])
    }
}

/// Polls `condition` every 20 ms until it holds or `limit` passes; returns whether it held.
func within(_ limit: Duration, _ condition: () async throws -> Bool) async throws -> Bool {
    let deadline = ContinuousClock.now + limit
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try await Task.sleep(for: .milliseconds(20))
    }
    return try await condition()
}

/// Expects every node to listen for notifications again and to have applied
/// library `group`'s latest change within 15 s, without any request.
func expectEveryNodeListeningAndCaughtUp(_ cluster: ClusterHarness, group: String) async throws {
    let library = try cluster.library(group)
    for node in cluster.nodes.indices {
        let converged = try await within(.seconds(15)) {
            let listening = try await cluster.sync(node)["listening"] == .bool(true)
            let applied = try await cluster.appliedSeq(node, libraryID: library.id)
            return listening && applied == library.seq
        }
        let state = try await cluster.sync(node)
        #expect(converged, "node \(node): \(state)")
    }
}

/// `facectl check` with every node's admin URL; the report (exit status 0 when healthy).
func checkEveryNode(_ cluster: ClusterHarness) async throws -> (Int32, JSONNode?) {
    let result = try await cluster.facectl(["check"] + cluster.adminURLs.flatMap { ["--admin-url", $0] })
    return (result.status, result.jsonLines.first)
}
