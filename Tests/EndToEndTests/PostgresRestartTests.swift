import Foundation
import Testing
import FaceTestSupport
import ReplyChecks

/// PostgreSQL itself stopped (`pg_ctl stop -m fast`, as an operator's restart
/// does) and started again on the same port under a running face-server, on
/// a cluster of the test's own: every request during the outage is answered
/// 500 `INTERNAL_ERROR` (none hangs), /readyz says why, and the server serves
/// again soon after PostgreSQL is back, without a restart and without losing
/// an acknowledged write. `FACE_TEST_OUTAGE_SECONDS` (default 15) sets how
/// long PostgreSQL stays down; the figures are printed.
@Suite struct PostgresRestartTests {
    @Test func aStoppedAndRestartedClusterIsOutlived() async throws {
        let outage = Duration.seconds(Int(ProcessInfo.processInfo.environment["FACE_TEST_OUTAGE_SECONDS"] ?? "") ?? 15)
        let cluster = try TestCluster.start()
        defer { cluster.stop() }
        let database = try TestPostgres.makeDatabase(on: cluster.serverURL)
        let directory = try TemporaryDirectory(prefix: "face-pg-restart")
        defer { directory.remove() }
        let server = ServerProcess(dataDirectory: directory.path, databaseURL: database.url,
                                   extraArguments: ["--admin-port", String(try FreePort.pick())])
        let (client, token) = try await server.startWithOneFace()

        try cluster.pause()
        let down = ContinuousClock.now
        var slowest = Duration.zero
        var answered = 0
        while ContinuousClock.now - down < outage {
            let asked = ContinuousClock.now
            let reply = try await client.call("get_size", [("group_id", "g")])
            slowest = max(slowest, ContinuousClock.now - asked)
            answered += 1
            expectFailure(reply, 500, "INTERNAL_ERROR")
            try await Task.sleep(for: .milliseconds(200))
        }
        // Never a hang: the call deadline is 10 s; the margin is for this loaded machine.
        #expect(slowest < .seconds(20), "a request waited \(slowest) on a stopped database")
        let unready = try await server.admin("/readyz")
        #expect(unready.status == 503, "\(unready)")
        #expect(unready.json?["checks"]?["database"]?.string?.contains("cannot reach") == true, "\(unready)")
        #expect(try await server.admin("/healthz").status == 200)

        try cluster.resume()
        let back = ContinuousClock.now
        try await eventually(within: .seconds(60)) { try await client.call("get_size", [("group_id", "g")]).status == 200 }
        let recovered = ContinuousClock.now - back
        try await eventually(within: .seconds(30)) { try await server.admin("/readyz").status == 200 }
        print("PostgreSQL down \(outage): \(answered) requests answered 500, the slowest in \(slowest); "
              + "served again \(recovered) after it was back")
        // The pool that backed off during the outage was replaced, not waited for.
        #expect(server.logText().contains("connection pool renewed"), "\(server.logText().suffix(2000))")

        let info = try await client.call("face_info", [("group_id", "g"), ("face_token", token)])
        #expect(info.json?["info"]?["user_id"]?.string == "obama", "\(info)")
        _ = try await client.addFace("obama.jpg", user: "again", to: "g")
        #expect(try await client.call("get_size", [("group_id", "g")]).json?["face_count"]?.int == 2)
        #expect(try await server.stop() == 0)
    }
}

extension ServerProcess {
    /// Starts the server and gives it an app whose library `g` holds
    /// obama.jpg; returns once /readyz says ready, with the app's client and
    /// the face's token.
    func startWithOneFace() async throws -> (client: FaceClient, token: String) {
        try await start()
        let client = self.client(try await createApp())
        try await client.createLibrary("g")
        let token = try await client.addFace("obama.jpg", user: "obama", to: "g")
        try await eventually { try await admin("/readyz").status == 200 }
        return (client, token)
    }
}
