import Foundation
import Testing
import FaceTestSupport

/// The admin listener: health, readiness and Prometheus metrics, never on the public port.
@Suite struct AdminListenerTests {
    @Test func healthReadinessAndMetricsAnswerOnTheAdminPortOnly() async throws {
        try await withAdminServer { server in
            let health = try await server.admin("/healthz")
            #expect(health.status == 200)
            #expect(health.json?["status"]?.string == "ok")
            // Ready once the (here empty) set of library indexes is loaded.
            try await eventually { try await server.admin("/readyz").status == 200 }
            let ready = try await server.admin("/readyz")
            #expect(ready.json?["status"]?.string == "ready")
            #expect(ready.json?["checks"]?["database"]?.string == "ok")
            #expect(ready.json?["checks"]?["indexes"]?.string == "ok")
            #expect(ready.json?["checks"]?["shutdown"]?.string == "ok")
            let metrics = try await server.admin("/metrics")
            #expect(metrics.status == 200)
            #expect(metrics.headers["content-type"] == "text/plain; version=0.0.4; charset=utf-8")
            #expect(try await server.admin("/nothing").json?["error"]?.string == "API_NOT_FOUND")
            #expect(try await server.admin("/metrics", method: "POST").status == 404)

            let anyone = server.client(Credentials(apiKey: "", apiSecret: ""))
            for path in ["/healthz", "/readyz", "/metrics"] {
                expectFailure(try await anyone.post(path: path, contentType: nil, body: [], method: "GET"), 404, "API_NOT_FOUND")
            }
        }
    }

    @Test func metricsChangeAfterRequests() async throws {
        try await withAdminServer { server in
            let credentials = try await server.createApp()
            let client = server.client(credentials)
            try await client.createLibrary("watched")
            _ = try await FaceSeeder.addFaces(count: 4, to: "watched", of: credentials.apiKey, in: server.dataDirectory)
            let listOK = #"facesearch_requests_total{endpoint="group_list",status="200",error="none",reason="none"}"#
            let createBad = #"facesearch_requests_total{endpoint="create",status="400",error="MISSING_ARGUMENTS",reason="none"}"#
            let listCount = #"facesearch_request_duration_seconds_count{endpoint="group_list"}"#
            let faces = "facesearch_library_faces{api_key=\"\(credentials.apiKey)\",group_id=\"watched\",model_version=\"s21\"}"

            let labels = "{api_key=\"\(credentials.apiKey)\",group_id=\"watched\"}"
            func stage(_ name: String) -> String { "facesearch_pipeline_stage_duration_seconds_count{stage=\"\(name)\"}" }

            let before = try await scrape(server)
            for _ in 0..<3 { _ = try await client.call("group_list") }
            _ = try await client.call("create", [("group_id", "x")])
            _ = try await client.addFace("obama.jpg", user: "u", to: "watched")
            let after = try await scrape(server)
            func increase(_ name: String) -> Double { after[name, default: 0] - before[name, default: 0] }
            #expect(increase(listOK) == 3)
            #expect(increase(createBad) == 1)
            #expect(increase(listCount) == 3)
            #expect(after[faces] == 5)
            // The add loaded the library's index (4 seeded rows) and inserted its face.
            #expect(after["facesearch_index_vectors\(labels)"] == 5)
            #expect((after["facesearch_index_bytes\(labels)"] ?? 0) >= 5 * 128 * 4)
            for name in ["decode", "detect", "landmarks", "align", "embed", "index_insert", "index_load"] {
                #expect(increase(stage(name)) == 1, "\(name)")
            }
            _ = try await client.search("obama2.jpg", in: "watched", limit: 1)
            #expect(try await scrape(server)[stage("index_search")] == 1)
            #expect(after["facesearch_apps{state=\"active\"}"] == 1)
            #expect(after["facesearch_requests_in_flight"] == 0)
            #expect(after["facesearch_inferences_in_flight"] == 0)

            // A freed library's series go away instead of freezing.
            expectSuccess(try await client.call("free", [("group_id", "watched"), ("check_empty", "0")]), fields: ["group_id"])
            let freed = try await scrape(server)
            #expect(freed[faces] == nil && freed["facesearch_index_vectors\(labels)"] == nil)
        }
    }

    @Test func readinessFailsWhileTheDatabaseCannotBeWritten() async throws {
        try await withAdminServer { server in
            let lock = try DatabaseLock(dataDirectory: server.dataDirectory)
            let blocked = try await server.admin("/readyz")
            #expect(blocked.status == 503, "\(blocked)")
            #expect(blocked.json?["status"]?.string == "unready")
            #expect(blocked.json?["checks"]?["database"]?.string?.hasPrefix("no write lock within") == true, "\(blocked)")
            lock.release()
            try await eventually { try await server.admin("/readyz").status == 200 }
        }
    }
}

/// Runs `body` against a fresh server with its admin listener on a free loopback port.
func withAdminServer(_ arguments: [String] = [], _ body: (ServerProcess) async throws -> Void) async throws {
    try await withServer(arguments: ["--admin-port", String(try FreePort.pick())] + arguments, body)
}

/// The server's metrics: each sample line's name with labels → value.
func scrape(_ server: ServerProcess) async throws -> [String: Double] {
    let reply = try await server.admin("/metrics")
    var samples: [String: Double] = [:]
    for line in String(decoding: reply.body, as: UTF8.self).split(separator: "\n") where !line.hasPrefix("#") {
        guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else { continue }
        samples[String(line[..<space])] = value
    }
    return samples
}

/// Polls `condition` for up to 15 s.
func eventually(within limit: Duration = .seconds(15), _ condition: () async throws -> Bool) async throws {
    let deadline = ContinuousClock.now + limit
    while try await !condition() {
        guard ContinuousClock.now < deadline else { throw WaitTimedOut() }
        try await Task.sleep(for: .milliseconds(50))
    }
}
