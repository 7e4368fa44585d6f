import FaceLibrary
import Foundation
import Synchronization
import Testing
import FaceTestSupport
import ReplyChecks

/// `facectl backup` of a live server under a stream of writes, `facectl restore`,
/// and a server on the restored copy.
@Suite struct BackupRestoreTests {
    @Test func backupDuringWritesRestoresToOnePointInTime() async throws {
        let scratch = try TemporaryDirectory(prefix: "face-e2e-backup")
        defer { scratch.remove() }
        try await withServer { server in
            // Room for every library the writer creates however long the backup takes.
            let credentials = try await server.createApp(name: "busy", quotas: AppQuotas(maxGroups: 10_000, maxFaces: 5_000_000))
            let client = server.client(credentials)
            // A large library, so that the snapshot takes a while.
            try await client.createLibrary("bulk")
            try Self.bulkInsert(20_000, into: "bulk", dataDirectory: server.dataDirectory)
            // Faces enrolled from photos: the restored copy must search them as the original does.
            try await client.createLibrary("people")
            for (user, photo) in [("obama", "obama.jpg"), ("biden", "biden.jpg"), ("astronaut", "astronaut.png")] {
                _ = try await client.addFace(photo, user: user, to: "people")
            }
            let originalRanking = try await LibraryTransferEndToEndTests.ranking(client, "obama3.jpg", "people")
            #expect(originalRanking.first?.user == "obama")

            let log = WriteLog()
            let writer = Task { try await Self.writeUntilCancelled(client, server: server, credentials: credentials, log: log) }
            try await log.waitFor(completed: 12)
            let before = log.completed
            let backup = try await Facectl.run(["backup", scratch.appending("live.sqlite")], dataDirectory: server.dataDirectory)
            let after = log.started
            try await log.waitFor(completed: after + 4)
            writer.cancel()
            _ = try? await writer.value
            #expect(backup.status == 0, "\(backup)")
            let summary = try #require(backup.jsonLines.first)
            #expect(summary["key_file"]?.string == scratch.appending("live.sqlite.key"))

            let restoredDirectory = scratch.appending("restored")
            let restore = try await Facectl.run(["restore", scratch.appending("live.sqlite")], dataDirectory: restoredDirectory)
            #expect(restore.status == 0, "\(restore)")
            #expect(restore.jsonLines.first?["faces"] == summary["faces"])

            let restored = ServerProcess(dataDirectory: restoredDirectory)
            try await restored.start()
            let state = try await Self.libraries(restored.client(credentials))
            let bulk = try await restored.client(credentials).call("get_size", [("group_id", "bulk")])
            #expect(bulk.json?["face_count"]?.int == 20_000)
            #expect(try await LibraryTransferEndToEndTests.ranking(restored.client(credentials), "obama3.jpg", "people")
                    == originalRanking)
            // The copy equals the state after exactly k writes, for some k the
            // backup could have seen: all writes done before it started, and
            // none that started after it finished.
            let states = log.states
            let matches = (before...min(after, states.count - 1)).filter { states[$0] == state }
            #expect(!matches.isEmpty, "restored \(state) matches no state between write \(before) and \(after)")
            #expect(try await restored.stop() == 0)
        }
    }

    /// Creates libraries, seeds faces into them and frees them, one durable write at a time.
    private static func writeUntilCancelled(_ client: FaceClient, server: ServerProcess, credentials: Credentials,
                                            log: WriteLog) async throws {
        var index = 0
        while !Task.isCancelled {
            let group = "lib\(index)"
            log.start()
            try #require(try await client.call("create", [("group_id", group), ("group_name", "n")]).status == 200)
            log.finish { $0[group] = [] }
            for _ in 0..<2 {
                log.start()
                let token = try await FaceSeeder.addFaces(count: 1, to: group, of: credentials.apiKey, in: server.dataDirectory)
                log.finish { $0[group, default: []] += token }
            }
            if index % 2 == 1 {
                let previous = "lib\(index - 1)"
                log.start()
                try #require(try await client.call("free", [("group_id", previous), ("check_empty", "0")]).status == 200)
                log.finish { $0[previous] = nil }
            }
            index += 1
        }
    }

    /// Every library but `bulk`, with its face tokens in order, as the API lists them.
    private static func libraries(_ client: FaceClient) async throws -> [String: [String]] {
        var state: [String: [String]] = [:]
        let infos = try #require(try await client.call("group_list").json?["group_infos"]?.array)
        for group in infos.compactMap({ $0["group_id"]?.string }) where group != "bulk" && group != "people" {
            let faces = try await client.call("list", [("group_id", group), ("limit", "1000")]).json?["face_tokens"]?.array
            state[group] = faces?.compactMap { $0["face_token"]?.string } ?? []
        }
        return state
    }

    /// Inserts `count` faces with random tokens and embeddings in one statement.
    static func bulkInsert(_ count: Int, into group: String, dataDirectory: String) throws {
        let lock = try DatabaseLock(dataDirectory: dataDirectory)
        try lock.execute("""
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < \(count))
            INSERT INTO faces (library_id, face_token, user_id, user_data, add_time, model_version, embedding)
            SELECT (SELECT id FROM libraries WHERE group_id = '\(group)'), lower(hex(randomblob(16))), 'bulk' || i, '',
                   1795600000000 + i, 's21', randomblob(512) FROM n
            """)
        lock.release()
    }
}

/// The states a sequence of writes went through: `states[k]` is the state after k writes.
final class WriteLog: Sendable {
    private let state = Mutex((started: 0, states: [[String: [String]]()]))

    var started: Int { state.withLock { $0.started } }
    var completed: Int { state.withLock { $0.states.count - 1 } }
    var states: [[String: [String]]] { state.withLock { $0.states } }

    func start() {
        state.withLock { $0.started += 1 }
    }

    /// Records a completed write as a change of the last state.
    func finish(_ change: (inout [String: [String]]) -> Void) {
        state.withLock { log in
            var next = log.states[log.states.count - 1]
            change(&next)
            log.states.append(next)
        }
    }

    func waitFor(completed target: Int) async throws {
        let deadline = ContinuousClock.now + .seconds(60)
        while completed < target {
            guard ContinuousClock.now < deadline else { throw WaitTimedOut() }
            try await Task.sleep(for: .milliseconds(5))
        }
    }
}

struct WaitTimedOut: Error {}
