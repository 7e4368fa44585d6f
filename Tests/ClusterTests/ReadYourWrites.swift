import Foundation
import FaceTestSupport

/// Rounds of writes on one node, each read back at once on another, as a
/// client behind a load balancer would see them. Nodes are picked at random
/// per request; every round that saw a stale answer is returned.
enum ReadYourWrites {
    /// Each round: add on one node, search on another (the face is there),
    /// delete on any, search on another than that (it is gone).
    static func addsAndDeletes(_ clients: [FaceClient], group: String, rounds: Int) async throws -> [String] {
        var failures: [String] = []
        for round in 0..<rounds {
            let photo = portraits[round % portraits.count]
            let (writer, deleter) = (pick(clients), pick(clients))
            let (reader, checker) = (other(than: writer, clients), other(than: deleter, clients))
            let added = try await clients[writer].add(photo, user: "r\(round)", to: group)
            guard let token = added.json?["face_token"]?.string else {
                failures.append("round \(round): add on node \(writer): \(added)")
                continue
            }
            let (found, reply) = try await clients[reader].searchTokens(photo, in: group)
            if found?.contains(token) != true {
                failures.append("round \(round): added on node \(writer), not found on node \(reader): \(reply)")
            }
            let deleted = try await clients[deleter].call("delete", [("group_id", group), ("face_tokens", token)])
            if deleted.status != 200 {
                failures.append("round \(round): delete on node \(deleter): \(deleted)")
                continue
            }
            let (left, after) = try await clients[checker].searchTokens(photo, in: group)
            if left == nil || left?.contains(token) == true {
                failures.append("round \(round): deleted on node \(deleter), still found on node \(checker): \(after)")
            }
        }
        return failures
    }

    /// Each round: create a library and add a face on some nodes, free it on
    /// one, then on others: the library is gone at once, created again
    /// under the same group_id it is empty, and being empty it frees with
    /// check_empty on any node.
    static func frees(_ clients: [FaceClient], rounds: Int) async throws -> [String] {
        var failures: [String] = []
        for round in 0..<rounds {
            let group = "free\(round)"
            let photo = portraits[round % portraits.count]
            let created = try await clients[pick(clients)].create(group)
            guard created.status == 200 else {
                failures.append("round \(round): create: \(created)")
                continue
            }
            let added = try await clients[pick(clients)].add(photo, user: "f", to: group)
            guard let token = added.json?["face_token"]?.string else {
                failures.append("round \(round): add: \(added)")
                continue
            }
            let (found, _) = try await clients[pick(clients)].searchTokens(photo, in: group)
            if found?.contains(token) != true { failures.append("round \(round): added face not found") }
            let freed = try await clients[pick(clients)].call("free", [("group_id", group), ("check_empty", "0")])
            if freed.status != 200 { failures.append("round \(round): free: \(freed)") }
            let (gone, goneReply) = try await clients[pick(clients)].searchTokens(photo, in: group)
            if gone != nil || goneReply.json?["error"]?.string != "INVALID_GROUP_ID" {
                failures.append("round \(round): freed library still searched: \(goneReply)")
            }
            if try await clients[pick(clients)].create(group).status != 200 {
                failures.append("round \(round): group_id not free again")
            }
            let (fresh, freshReply) = try await clients[pick(clients)].searchTokens(photo, in: group)
            if fresh != [] { failures.append("round \(round): re-created library not empty: \(freshReply)") }
            // Freed again (empty, so check_empty passes on any node): the app's library quota is not used up by the rounds.
            let emptied = try await clients[pick(clients)].call("free", [("group_id", group), ("check_empty", "1")])
            if emptied.status != 200 { failures.append("round \(round): free of the empty re-created library: \(emptied)") }
        }
        return failures
    }

    private static func pick(_ clients: [FaceClient]) -> Int {
        Int.random(in: 0..<clients.count)
    }

    /// A node other than `node` (the same when there is only one).
    private static func other(than node: Int, _ clients: [FaceClient]) -> Int {
        clients.count == 1 ? node : (node + Int.random(in: 1..<clients.count)) % clients.count
    }
}
