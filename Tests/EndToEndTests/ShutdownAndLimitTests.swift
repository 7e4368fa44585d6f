import Foundation
import Synchronization
import Testing
import FaceTestSupport
import ReplyChecks

@Suite struct ShutdownAndLimitTests {
    /// A request held in flight (its write waits for a lock held outside the
    /// server) fills the app's only slot; SIGTERM turns readiness off and closes
    /// the listener, yet the request completes, and the server exits 0.
    @Test func concurrencyCapDrainAndGracefulExit() async throws {
        let directory = try TemporaryDirectory(prefix: "face-e2e")
        defer { directory.remove() }
        let server = ServerProcess(dataDirectory: directory.path, extraArguments: [
            "--admin-port", String(try FreePort.pick()), "--app-max-concurrent-requests", "1",
        ])
        try await server.start()
        let alice = try await server.createApp(name: "alice")
        let bob = try await server.createApp(name: "bob")

        let lock = try DatabaseLock(dataDirectory: directory.path)
        let slow = Task { try await server.client(alice).call("create", [("group_id", "held"), ("group_name", "n")]) }
        try await eventually { try await scrape(server)["facesearch_requests_in_flight"] == 1 }
        expectFailure(try await server.client(alice).call("group_list"), 403, "CONCURRENCY_LIMIT_EXCEEDED")
        expectSuccess(try await server.client(bob).call("group_list"), fields: ["group_infos"])

        let exit = Task { try await server.stop() }
        try await eventually { try await server.admin("/readyz").json?["checks"]?["shutdown"]?.string == "shutting down" }
        #expect(throws: RawConnectionError.self) { try RawConnection(port: server.port) }
        lock.release()
        let reply = try await slow.value
        #expect(reply.status == 200, "\(reply)")
        #expect(try await exit.value == 0)

        // The WAL was checkpointed into the database file, and the answered create is in it.
        let wal = FileManager.default.contents(atPath: directory.appending("face-service.sqlite-wal"))
        #expect(wal == nil || wal?.isEmpty == true)
        let restarted = ServerProcess(dataDirectory: directory.path)
        try await restarted.start()
        expectSuccess(try await restarted.client(alice).call("get_size", [("group_id", "held")]), fields: ["group_id", "face_count"])
        #expect(try await restarted.stop() == 0)
    }

    /// SIGTERM in the middle of a stream of creates: every create that was
    /// answered 200 is there after a restart.
    @Test func sigtermLosesNoAcknowledgedWrite() async throws {
        let directory = try TemporaryDirectory(prefix: "face-e2e")
        defer { directory.remove() }
        let server = ServerProcess(dataDirectory: directory.path)
        try await server.start()
        let credentials = try await server.createApp(quotas: .init(maxGroups: 10_000, maxFaces: 10))
        let client = server.client(credentials)
        let answered = Counter()
        let acknowledged = try await withThrowingTaskGroup(of: [String].self) { group in
            for worker in 0..<4 {
                group.addTask {
                    var created: [String] = []
                    for index in 0..<2000 {
                        let id = "w\(worker)-\(index)"
                        guard let reply = try? await client.call("create", [("group_id", id), ("group_name", "n")]) else { break }
                        if reply.status == 200 { created.append(id) }
                        answered.increment()
                    }
                    return created
                }
            }
            // SIGTERM lands in the middle of the stream.
            try await eventually { answered.value >= 20 }
            #expect(try await server.stop() == 0)
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(acknowledged.count >= 20)
        #expect(acknowledged.count < 8000, "the stream was cut by the shutdown")
        let restarted = ServerProcess(dataDirectory: directory.path)
        try await restarted.start()
        let stored = try #require(try await restarted.client(credentials).call("group_list").json?["group_infos"]?.array)
        #expect(Set(acknowledged).isSubset(of: Set(stored.compactMap { $0["group_id"]?.string })))
        #expect(try await restarted.stop() == 0)
    }
}

/// A thread-safe count.
final class Counter: Sendable {
    private let count = Mutex(0)

    var value: Int { count.withLock { $0 } }

    func increment() {
        count.withLock { $0 += 1 }
    }
}
