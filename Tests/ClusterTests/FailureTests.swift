import Foundation
import Testing
import FaceLibrary
import FaceTestSupport

/// Nodes and connections failing under a running cluster: every scenario
/// ends with every node consistent with the database (`make test-cluster`).
@Suite(.serialized, .enabled(if: ClusterScale.full, "the full cluster scenarios run in make test-cluster"))
struct FailureTests {
    /// Every session of every node terminated by PostgreSQL: the nodes
    /// reconnect (pool and listener), catch up, and answer fresh.
    @Test func terminatedConnectionsConverge() async throws {
        try await withCluster { cluster in
            let credentials = try await cluster.createApp()
            let clients = cluster.clients(credentials)
            #expect(try await clients[0].create("g").status == 200)
            for round in 0..<3 {
                _ = try cluster.database.execute("""
                    SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
                    WHERE datname = current_database() AND pid <> pg_backend_pid()
                    """)
                // The first request after the cut may fail (500) while the pool reconnects; no stale answer.
                var token: String?
                for _ in 0..<5 where token == nil {
                    token = try await clients[round % 3].add(portraits[round % 2], user: "t\(round)", to: "g")
                        .json?["face_token"]?.string
                }
                let added = try #require(token)
                for node in 0..<3 where node != round % 3 {
                    let (found, reply) = try await clients[node].searchTokens(portraits[round % 2], in: "g", limit: 50)
                    #expect(found?.contains(added) == true, "node \(node): \(reply)")
                }
                // Listening again, and caught up without any request.
                try await expectEveryNodeListeningAndCaughtUp(cluster, group: "g")
            }
            let (status, report) = try await checkEveryNode(cluster)
            #expect(status == 0, "\(String(describing: report))")
        }
    }

    /// The database unreachable for every node (connections refused, sessions
    /// cut): searches fail rather than answer from an index that may be
    /// stale, the nodes say they are not ready, and once the database is back
    /// they converge without a restart and serve writes made after it.
    @Test func aDatabaseOutageFailsSearchesThenConverges() async throws {
        try await withCluster { cluster in
            let credentials = try await cluster.createApp()
            let clients = cluster.clients(credentials)
            #expect(try await clients[0].create("g").status == 200)
            let before = try #require(try await clients[0].add("obama.jpg", user: "b", to: "g").json?["face_token"]?.string)
            #expect(try await clients[1].searchTokens("obama.jpg", in: "g").0?.contains(before) == true)

            let name = cluster.database.name
            try TestPostgres.psql(database: "postgres", "ALTER DATABASE \(name) ALLOW_CONNECTIONS false")
            try TestPostgres.psql(database: "postgres", """
                SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '\(name)'
                """)
            for (node, client) in clients.enumerated() {
                let (found, reply) = try await client.searchTokens("obama.jpg", in: "g")
                #expect(found == nil && reply.status >= 500, "node \(node) answered during the outage: \(reply)")
            }
            for node in 0..<3 {
                let unready = try await within(.seconds(20)) { try await cluster.readiness(node).status == 503 }
                let readiness = try await cluster.readiness(node)
                #expect(unready, "node \(node) still ready: \(readiness)")
            }

            try TestPostgres.psql(database: "postgres", "ALTER DATABASE \(name) ALLOW_CONNECTIONS true")
            var token: String?
            let added = try await within(.seconds(20)) {
                token = try await clients[2].add("biden.jpg", user: "a", to: "g").json?["face_token"]?.string
                return token != nil
            }
            #expect(added, "no add succeeded after the database came back")
            let after = try #require(token)
            // Each node finds the database again on its own (its pool's probe,
            // ~1 s): until then a search may fail, but any answer it gives is fresh.
            for (node, client) in clients.enumerated() {
                var last: HTTPReply?
                var stale = false
                let served = try await within(.seconds(10)) {
                    let (found, reply) = try await client.searchTokens("biden.jpg", in: "g", limit: 50)
                    last = reply
                    guard let found else { return false }
                    stale = stale || !(found.contains(after) && found.contains(before))
                    return true
                }
                #expect(served && !stale, "node \(node): \(String(describing: last))")
            }
            for node in 0..<3 { try await cluster.waitUntilReady(node, within: .seconds(30)) }
            try await expectEveryNodeListeningAndCaughtUp(cluster, group: "g")
            let (status, report) = try await checkEveryNode(cluster)
            #expect(status == 0, "\(String(describing: report))")
        }
    }

    /// A node killed (SIGKILL) while writes go on: restarted, it reports
    /// ready only once caught up, and no acknowledged face is lost.
    @Test func aKilledNodeIsReadyOnlyWhenCaughtUp() async throws {
        try await withCluster { cluster in
            let credentials = try await cluster.createApp()
            let clients = cluster.clients(credentials)
            #expect(try await clients[0].create("g").status == 200)
            let acknowledged = Acknowledged()
            let writers = (0..<3).map { node in
                Task {
                    var attempt = 0
                    while !Task.isCancelled {
                        attempt += 1
                        let reply = try? await clients[node].add(portraits[attempt % 2], user: "k\(node)-\(attempt)", to: "g")
                        if let token = reply?.json?["face_token"]?.string { await acknowledged.add(token) }
                    }
                }
            }
            try await Task.sleep(for: .seconds(3))
            try await cluster.nodes[2].kill()
            try await Task.sleep(for: .seconds(3))
            for writer in writers { writer.cancel() }
            for writer in writers { _ = await writer.result }

            try await cluster.nodes[2].start()
            try await cluster.waitUntilReady(2)
            // Ready means caught up: without any request, its index is at the database's head.
            let library = try cluster.library("g")
            #expect(try await cluster.appliedSeq(2, libraryID: library.id) == library.seq)
            let tokens = await acknowledged.tokens
            let stored = Set(try cluster.database.execute("SELECT face_token FROM faces").split(separator: "\n").map(String.init))
            #expect(tokens.isSubset(of: stored), "lost: \(tokens.subtracting(stored))")
            let (status, report) = try await checkEveryNode(cluster)
            #expect(status == 0, "\(String(describing: report))")
        }
    }

    /// A node stopped (SIGSTOP) while others write: when it runs again its
    /// very first search already reflects every write.
    @Test func aStoppedNodeNeverAnswersStale() async throws {
        try await withCluster { cluster in
            let credentials = try await cluster.createApp()
            let clients = cluster.clients(credentials)
            #expect(try await clients[0].create("g").status == 200)
            let kept = try #require(try await clients[0].add("obama.jpg", user: "kept", to: "g").json?["face_token"]?.string)
            _ = try await clients[2].searchTokens("obama.jpg", in: "g")
            for round in 0..<3 {
                let pid = try #require(cluster.nodes[2].processID)
                kill(pid, SIGSTOP)
                let added = try #require(try await clients[round % 2].add("biden.jpg", user: "s\(round)", to: "g")
                    .json?["face_token"]?.string)
                #expect(try await clients[1 - round % 2].call("delete", [("group_id", "g"), ("face_tokens", kept)]).status == 200)
                kill(pid, SIGCONT)
                let (found, reply) = try await clients[2].searchTokens("biden.jpg", in: "g", limit: 100)
                #expect(found?.contains(added) == true && found?.contains(kept) == false, "round \(round): \(reply)")
                // Put the deleted face back under a new token for the next round.
                _ = try await clients[0].add("obama.jpg", user: "kept", to: "g")
            }
        }
    }

    /// A node behind by more than the log holds reloads the library from a snapshot.
    @Test func aPrunedLogReloadsTheLibrary() async throws {
        try await withCluster { cluster in
            let credentials = try await cluster.createApp()
            let clients = cluster.clients(credentials)
            #expect(try await clients[0].create("g").status == 200)
            #expect(try await clients[0].add("obama.jpg", user: "a", to: "g").status == 200)
            _ = try await clients[2].searchTokens("obama.jpg", in: "g")
            let pid = try #require(cluster.nodes[2].processID)
            kill(pid, SIGSTOP)
            var tokens: [String] = []
            for round in 0..<3 {
                if let token = try await clients[round % 2].add("biden.jpg", user: "p\(round)", to: "g").json?["face_token"]?.string {
                    tokens.append(token)
                }
            }
            // What the retention prune does to rows older than it (the latest row stays).
            _ = try cluster.database.execute("""
                DELETE FROM library_changes c USING libraries l WHERE l.id = c.library_id AND c.seq < l.change_seq
                """)
            kill(pid, SIGCONT)
            let (found, reply) = try await clients[2].searchTokens("biden.jpg", in: "g", limit: 100)
            #expect(Set(found ?? []).isSuperset(of: tokens), "\(reply)")
            let state = try await cluster.sync(2)
            #expect((state["reloads"]?["pruned"]?.int ?? 0) >= 1, "\(state)")
            let (status, report) = try await checkEveryNode(cluster)
            #expect(status == 0, "\(String(describing: report))")
        }
    }

    /// A library imported by facectl while the nodes run is served by all of them.
    @Test func anImportWhileNodesRunIsServedByAll() async throws {
        try await withCluster { cluster in
            let credentials = try await cluster.createApp()
            let clients = cluster.clients(credentials)
            #expect(try await clients[0].create("source").status == 200)
            #expect(try await clients[1].add("obama.jpg", user: "o", to: "source").status == 200)
            let archive = cluster.directory.appending("source.jsonl")
            #expect(try await cluster.facectl(["export", "--api-key", credentials.apiKey, "--group", "source", archive]).status == 0)
            let imported = try await cluster.facectl(["import", "--api-key", credentials.apiKey, "--group", "copy", "--new-tokens", archive])
            #expect(imported.status == 0, "\(imported)")
            let copy = try cluster.library("copy")
            // Every node loads it by itself (notification or poll), before any request names it.
            for node in 0..<3 {
                let loaded = try await within(.seconds(5)) {
                    try await cluster.appliedSeq(node, libraryID: copy.id) == copy.seq
                }
                let state = try await cluster.sync(node)
                #expect(loaded, "node \(node): \(state)")
            }
            let copied = try cluster.database.execute("SELECT face_token FROM faces WHERE library_id = \(copy.id)")
            for client in clients {
                let (found, reply) = try await client.searchTokens("obama.jpg", in: "copy")
                #expect(found == [copied], "\(reply)")
            }
        }
    }
}

/// Tokens of faces whose add was acknowledged, from concurrent writers.
private actor Acknowledged {
    private(set) var tokens: Set<String> = []

    func add(_ token: String) {
        tokens.insert(token)
    }
}
