import Foundation
import Testing
import FaceLibrary
import FaceTestSupport

/// Quotas stay exact when the writers are on different nodes.
@Suite(.serialized) struct ConcurrentWriterTests {
    @Test func quotasAreExactWithWritersOnEveryNode() async throws {
        let maxFaces = 6
        let maxGroups = 4
        try await withCluster { cluster in
            let credentials = try await cluster.createApp(quotas: AppQuotas(maxGroups: maxGroups, maxFaces: maxFaces))
            let clients = cluster.clients(credentials)

            let creates = try await withThrowingTaskGroup(of: Int.self) { group in
                for attempt in 0..<(3 * maxGroups) {
                    group.addTask { try await clients[attempt % 3].create("g\(attempt)").status }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(creates.filter { $0 == 200 }.count == maxGroups, "\(creates)")
            let groups = try cluster.database.execute("SELECT group_id FROM libraries WHERE freed_at IS NULL")
                .split(separator: "\n").map(String.init)
            #expect(groups.count == maxGroups)
            let target = try #require(groups.first)

            let perNode = ClusterScale.full ? 8 : 4
            let adds = try await withThrowingTaskGroup(of: HTTPReply.self) { group in
                for attempt in 0..<(3 * perNode) {
                    group.addTask {
                        try await clients[attempt % 3].add(portraits[attempt % 2], user: "q\(attempt)", to: target)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let accepted = adds.filter { $0.status == 200 }
            #expect(accepted.count == maxFaces, "\(adds.map(\.status))")
            #expect(adds.filter { $0.status != 200 }.allSatisfy { $0.json?["error"]?.string == "FACE_EXCEEDED" },
                    "\(adds.filter { $0.status != 200 })")
            #expect(try cluster.database.execute("SELECT count(*) FROM faces") == "\(maxFaces)")

            // Every node's index holds exactly the accepted faces.
            for client in clients {
                let (found, reply) = try await client.searchTokens(portraits[0], in: target, limit: 100)
                #expect(Set(found ?? []) == Set(accepted.compactMap { $0.json?["face_token"]?.string }), "\(reply)")
            }
            let (status, report) = try await checkEveryNode(cluster)
            #expect(status == 0, "\(String(describing: report))")
        }
    }
}
