import Foundation
import Testing
import FaceTestSupport

/// face-server and facectl on PostgreSQL: refusals at start that name the
/// database, an outage answered with 500 and an unready /readyz, recovery
/// without a restart, and the ops commands that work (or refuse) there.
@Suite struct PostgresModeTests {
    @Test func anUnusableDatabaseStopsTheStartNamingIt() async throws {
        let directory = try TemporaryDirectory(prefix: "face-pg-start")
        defer { directory.remove() }
        let server = try TestPostgres.serverURL()
        let cases: [(url: String, says: String)] = [
            (server.replacingOccurrences(of: "facetest:facetest@", with: "facetest:not-the-password@") + "/postgres",
             "password of user facetest was refused"),
            (server + "/no_such_db", "database no_such_db does not exist"),
            ("postgres://facetest:secret@127.0.0.1:\(try FreePort.pick())/faces", "cannot reach the server"),
        ]
        for (url, says) in cases {
            let process = ServerProcess(dataDirectory: directory.path, databaseURL: url)
            do {
                try await process.start()
                Issue.record("started on \(url)")
                _ = try await process.stop()
            } catch ServerProcessError.exited(let status, let log) {
                #expect(status == 74, "\(log)")
                #expect(log.contains(says) && log.contains("cannot open the database"), "\(log)")
                #expect(!log.contains("not-the-password") && !log.contains("secret@"), "the log shows a password: \(log)")
            }
        }
    }

    /// PostgreSQL refusing connections, then hanging, while the server runs:
    /// requests answer 500 within the call deadline, /readyz says why, and
    /// service resumes by itself when the database is back.
    @Test func anOutageIsAnsweredAndOutlived() async throws {
        let storage = try TestStorage(.postgres)
        defer { storage.remove() }
        let database = try #require(storage.database)
        let server = storage.server(extraArguments: ["--admin-port", String(try FreePort.pick())])
        try await server.start()
        let credentials = try await server.createApp()
        let client = server.client(credentials)
        try await client.createLibrary("g")
        let token = try await client.addFace("obama.jpg", user: "obama", to: "g")
        try await eventually { try await server.admin("/readyz").status == 200 }

        // Going away: no new sessions, the open ones ended.
        try TestPostgres.psql(database: "postgres", "ALTER DATABASE \(database.name) ALLOW_CONNECTIONS false")
        try TestPostgres.psql(database: "postgres",
                              "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '\(database.name)'")
        let started = ContinuousClock.now
        expectFailure(try await client.call("group_list"), 500, "INTERNAL_ERROR")
        expectFailure(try await client.call("get_size", [("group_id", "g")]), 500, "INTERNAL_ERROR")
        #expect(ContinuousClock.now - started < .seconds(25), "two requests took \(ContinuousClock.now - started)")
        let unready = try await server.admin("/readyz")
        #expect(unready.status == 503, "\(unready)")
        #expect(unready.json?["checks"]?["database"]?.string?.isEmpty == false, "\(unready)")
        #expect(try await server.admin("/healthz").status == 200)

        // Back: served again without a restart, nothing lost.
        try TestPostgres.psql(database: "postgres", "ALTER DATABASE \(database.name) ALLOW_CONNECTIONS true")
        try await eventually(within: .seconds(90)) { try await client.call("get_size", [("group_id", "g")]).status == 200 }
        try await eventually(within: .seconds(30)) { try await server.admin("/readyz").status == 200 }
        let info = try await client.call("face_info", [("group_id", "g"), ("face_token", token)])
        #expect(info.json?["info"]?["user_id"]?.string == "obama", "\(info)")

        // Hanging: every session the server holds stops answering (a half-open
        // connection looks the same); the call deadline ends the wait.
        let backends = try database.execute("SELECT pid FROM pg_stat_activity WHERE datname = '\(database.name)' AND pid <> pg_backend_pid()")
            .split(separator: "\n").compactMap { Int32($0) }
        for pid in backends { kill(pid, SIGSTOP) }
        let hung = ContinuousClock.now
        let reply = try await client.call("group_list")
        for pid in backends { kill(pid, SIGCONT) }
        #expect(reply.status == 200 || reply.json?["error"]?.string == "INTERNAL_ERROR", "\(reply)")
        #expect(ContinuousClock.now - hung < .seconds(20), "a hung database held a request for \(ContinuousClock.now - hung)")
        try await eventually(within: .seconds(60)) { try await client.call("group_list").status == 200 }
        #expect(try await server.stop() == 0)
    }

    @Test func opsCommandsWorkOrNameThePostgreSQLTools() async throws {
        try await withServer(.postgres) { server in
            let credentials = try await server.createApp(name: "ops")
            let client = server.client(credentials)
            try await client.createLibrary("staff")
            _ = try await FaceSeeder.addFaces(count: 6, to: "staff", of: credentials.apiKey, on: server, randomEmbeddings: true)
            let archive = server.dataDirectory + "/staff.jsonl"
            let exported = try await facectl(server, "export", "--api-key", credentials.apiKey, "--group", "staff", archive)
            #expect(exported["faces"]?.int == 6)
            let imported = try await facectl(server, "import", "--api-key", credentials.apiKey, "--group", "copy",
                                             "--new-tokens", archive)
            #expect(imported["faces"]?.int == 6)
            #expect(try await client.call("get_size", [("group_id", "copy")]).json?["face_count"]?.int == 6)
            let checked = try await facectl(server, "check")
            #expect(checked["healthy"] == .bool(true) && checked["faces"]?.int == 12, "\(checked)")

            for command in [["backup", server.dataDirectory + "/b.sqlite"], ["restore", archive]] {
                let refused = try await Facectl.run(command, dataDirectory: server.dataDirectory,
                                                    databaseURL: server.databaseURL)
                #expect(refused.status != 0)
                #expect(refused.stderr.contains("pg_dump") && refused.stderr.contains("pg_restore"), "\(refused)")
            }
            // facectl on PostgreSQL never makes up a sealing key.
            let elsewhere = try await Facectl.run(["app", "list"], dataDirectory: server.dataDirectory + "/elsewhere",
                                                  databaseURL: server.databaseURL)
            #expect(elsewhere.status == 1 && elsewhere.stderr.contains("no sealing key"), "\(elsewhere)")
        }
    }
}
