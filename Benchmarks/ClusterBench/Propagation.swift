import FaceTestSupport
import Foundation

// Design note: a node measures propagation itself — for every change it
// applies from the log, the time from the change's commit (the database
// clock, taken just before COMMIT) to the moment its index holds it (this
// machine's clock: the same clock here) — and reports recent samples on its
// admin /sync. Node 0 writes (adds, then deletes, one at a time, as a client
// would); nodes 1 and 2 receive nothing but the database's notifications and
// their own polls. The barrier is measured on node 1 afterwards: searches with
// nothing to catch up, interleaved with searches sent right after node 0
// acknowledged a write (with notifications off node 1 has certainly not
// applied it yet, so its barrier catches up while the photo is analysed).

/// Propagation lag and the barrier's cost, on one cluster.
enum Propagation {
    struct Figures {
        var lag = Samples()
        var quietSearch = Samples()
        var searchAfterWrite = Samples()
    }

    static let photo = "obama.jpg"

    static func measure(notify: Bool, changes: Int) async throws -> Figures {
        let cluster = try ClusterHarness(nodes: 3, arguments: ["--sync-notify", notify ? "on" : "off"])
        defer { cluster.remove() }
        try await cluster.start()
        let credentials = try await cluster.createApp(name: "bench")
        let clients = cluster.clients(credentials)
        _ = try await clients[0].call("create", [("group_id", "g"), ("group_name", "bench")])
        // Every node loads the library before the measured writes.
        for client in clients { _ = try await search(client) }
        var figures = Figures()

        var tokens: [String] = []
        while tokens.count * 2 < changes {
            tokens.append(try await add(clients[0], user: "p\(tokens.count)"))
        }
        for token in tokens {
            _ = try await clients[0].call("delete", [("group_id", "g"), ("face_tokens", token)])
        }
        // Let the slowest path (the poll) deliver the last change.
        let library = try cluster.library("g")
        for node in 1...2 {
            let deadline = ContinuousClock.now + .seconds(10)
            while try await cluster.appliedSeq(node, libraryID: library.id) != library.seq, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(50))
            }
            let report = try await cluster.sync(node)
            figures.lag.milliseconds += (report["recent_lag_us"]?.array ?? []).compactMap { $0.int }.map { Double($0) / 1000 }
        }

        // A library of some size for the searches.
        for index in 0..<20 { _ = try await add(clients[0], user: "s\(index)") }
        for _ in 0..<3 { _ = try await search(clients[1]) }
        // Interleaved, so that other load on the machine weighs on both alike.
        for index in 0..<40 {
            // Caught up: the previous search's barrier applied everything.
            var start = ContinuousClock.now
            _ = try await search(clients[1])
            figures.quietSearch.milliseconds.append(seconds(since: start) * 1000)
            _ = try await add(clients[0], user: "w\(index)")
            start = ContinuousClock.now
            _ = try await search(clients[1])
            figures.searchAfterWrite.milliseconds.append(seconds(since: start) * 1000)
        }
        _ = try await cluster.stop()
        return figures
    }

    private static func add(_ client: FaceClient, user: String) async throws -> String {
        let reply = try await client.call("add", parts: [("group_id", .text("g")), ("file", try TestPhotos.part(photo)),
                                                         ("user_id", .text(user))])
        guard let token = reply.json?["face_token"]?.string else { throw BenchFailure("add: \(reply)") }
        return token
    }

    private static func search(_ client: FaceClient) async throws -> HTTPReply {
        let reply = try await client.call("search", parts: [("group_id", .text("g")), ("file", try TestPhotos.part(photo)),
                                                            ("limit", .text("5"))])
        guard reply.status == 200 else { throw BenchFailure("search: \(reply)") }
        return reply
    }
}
