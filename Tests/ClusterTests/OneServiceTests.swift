import Foundation
import Testing
import FaceLibrary
import FaceTestSupport

/// Three nodes over one PostgreSQL behave as one service: what `make test`
/// runs of the cluster suite (each scenario at length in `make test-cluster`).
@Suite(.serialized) struct OneServiceTests {
    /// Started together on an empty database: migrations applied once, every
    /// node ready and listed; then writes on any node are seen by the very
    /// next request on any other, app changes by facectl reach every node at
    /// once, and every node's indexes match the database.
    @Test func threeNodesAreOneService() async throws {
        try await withCluster { cluster in
            let migrations = try cluster.database.execute("SELECT string_agg(version::text, ',' ORDER BY version) FROM schema_migrations")
            #expect(migrations == "1,2", "each migration applied once: \(migrations)")
            let listed = try await cluster.facectl(["nodes", "list"])
            #expect(listed.status == 0, "\(listed)")
            #expect(listed.jsonLines.map { $0["node_id"]?.string ?? "" }.sorted() == ["node0", "node1", "node2"],
                    "\(listed)")
            #expect(listed.jsonLines.allSatisfy { $0["stale"] == .bool(false) }, "\(listed)")

            let credentials = try await cluster.createApp()
            let clients = cluster.clients(credentials)
            #expect(try await clients[0].create("g").status == 200)
            let failures = try await ReadYourWrites.addsAndDeletes(clients, group: "g", rounds: ClusterScale.rounds)
            #expect(failures.isEmpty, "\(failures.count) of \(ClusterScale.rounds) rounds failed: \(failures.prefix(5))")
            let freeFailures = try await ReadYourWrites.frees(clients, rounds: max(3, ClusterScale.rounds / 5))
            #expect(freeFailures.isEmpty, "\(freeFailures)")

            let (status, report) = try await checkEveryNode(cluster)
            #expect(status == 0 && report?["indexes_compared"] == .bool(true), "\(String(describing: report))")
        }
    }

    /// facectl's app changes take effect on every node at its next request.
    @Test func appChangesReachEveryNodeAtOnce() async throws {
        try await withCluster { cluster in
            let credentials = try await cluster.createApp(name: "ops target", quotas: AppQuotas(maxGroups: 10, maxFaces: 100))
            let clients = cluster.clients(credentials)
            for client in clients { #expect(try await client.call("group_list").status == 200) }

            #expect(try await cluster.facectl(["app", "disable", "--api-key", credentials.apiKey]).status == 0)
            for client in clients {
                let reply = try await client.call("group_list")
                #expect(reply.json?["reason"]?.string == "DISABLED_APP", "\(reply)")
            }
            #expect(try await cluster.facectl(["app", "enable", "--api-key", credentials.apiKey]).status == 0)

            let rotated = try await cluster.facectl(["app", "rotate-secret", "--api-key", credentials.apiKey])
            let secret = try #require(rotated.jsonLines.first?["api_secret"]?.string, "\(rotated)")
            let renewed = Credentials(apiKey: credentials.apiKey, apiSecret: secret)
            for (old, node) in zip(clients, cluster.nodes) {
                #expect(try await old.call("group_list").json?["reason"]?.string == "INVALID_SIGN")
                #expect(try await node.client(renewed).call("group_list").status == 200)
            }

            #expect(try await cluster.facectl(["app", "set-quota", "--api-key", credentials.apiKey, "--max-groups", "2"]).status == 0)
            #expect(try await cluster.nodes[0].client(renewed).create("a").status == 200)
            #expect(try await cluster.nodes[1].client(renewed).create("b").status == 200)
            let third = try await cluster.nodes[2].client(renewed).create("c")
            #expect(third.json?["error"]?.string == "GROUP_EXCEEDED", "\(third)")
        }
    }

    /// A single-use signature works once across all nodes: a replay on
    /// another node is refused, the same one sent to every node at once
    /// succeeds exactly once, and expired entries are swept.
    @Test func singleUseSignaturesAreSingleAcrossNodes() async throws {
        try await withCluster(arguments: ["--signature-skew", "5"]) { cluster in
            let credentials = try await cluster.createApp()
            let clients = cluster.clients(credentials)
            let once = FaceClient.Signing.custom(sign: Signer.sign(credentials, validity: 0), version: "hmac_sha1")
            #expect(try await clients[0].call("group_list", signing: once).status == 200)
            for client in clients {
                let replay = try await client.call("group_list", signing: once)
                #expect(replay.json?["reason"]?.string == "REPLAYED_SIGN", "\(replay)")
            }

            for _ in 0..<5 {
                let shared = FaceClient.Signing.custom(sign: Signer.sign(credentials, validity: 0), version: "hmac_sha1")
                let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                    for client in clients { group.addTask { try await client.call("group_list", signing: shared).status } }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                #expect(statuses.sorted() == [200, 403, 403], "\(statuses)")
            }

            let recorded = { Int(try cluster.database.execute("SELECT count(*) FROM used_signatures")) ?? -1 }
            #expect(try recorded() == 6)
            // Entries expire at c + skew; a single-use request after that sweeps them.
            try await Task.sleep(for: .seconds(6))
            let fresh = FaceClient.Signing.custom(sign: Signer.sign(credentials, validity: 0), version: "hmac_sha1")
            #expect(try await clients[1].call("group_list", signing: fresh).status == 200)
            let swept = try await within(.seconds(5)) { try recorded() == 1 }
            let left = try recorded()
            #expect(swept, "\(left) entries left")
        }
    }

    /// A node whose sealing key is not the deployment's refuses to start, naming the key.
    @Test func aNodeWithAnotherSealingKeyRefusesToStart() async throws {
        try await withCluster(nodes: 1) { cluster in
            _ = try await cluster.createApp()
            let otherKey = cluster.directory.appending("other.key")
            try SealingKeyFile.create(at: otherKey, key: (0..<32).map { _ in UInt8.random(in: 0 ... .max) })
            let stranger = ServerProcess(dataDirectory: cluster.directory.appending("stranger"),
                                         databaseURL: cluster.database.url, sealingKeyFile: otherKey)
            do {
                try await stranger.start()
                Issue.record("a node with another sealing key started")
                _ = try await stranger.stop()
            } catch ServerProcessError.exited(let status, let log) {
                #expect(status != 0)
                #expect(log.contains("is not this deployment's") && log.contains(otherKey), "\(log)")
            }
            let refused = try await Facectl.run(["app", "list", "--sealing-key-file", otherKey],
                                                dataDirectory: cluster.directory.path, databaseURL: cluster.database.url)
            #expect(refused.status != 0 && refused.stderr.contains("is not this deployment's"), "\(refused)")
        }
    }

    /// Without notifications a change reaches the other nodes by their poll.
    @Test func withoutNotificationsNodesConvergeByPolling() async throws {
        try await withCluster(arguments: ["--sync-notify", "off", "--sync-poll-ms", "1000"]) { cluster in
            let credentials = try await cluster.createApp()
            let clients = cluster.clients(credentials)
            #expect(try await clients[0].create("g").status == 200)
            for round in 0..<(ClusterScale.full ? 10 : 3) {
                #expect(try await clients[0].add(portraits[round % 2], user: "u\(round)", to: "g").status == 200)
                let library = try cluster.library("g")
                // No request reaches nodes 1 and 2: only their poll can bring the change.
                for node in 1...2 {
                    let converged = try await within(.seconds(4)) {
                        try await cluster.appliedSeq(node, libraryID: library.id) == library.seq
                    }
                    #expect(converged, "node \(node) did not apply change \(library.seq) by polling")
                }
            }
            for node in 0..<3 { #expect(try await cluster.sync(node)["listening"] == .bool(false)) }
        }
    }
}
