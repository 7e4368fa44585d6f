import Foundation
import Testing
import FaceTestSupport

/// facectl's app commands against a running server: each change applies to the very next request.
@Suite struct AppOpsTests {
    @Test(arguments: TestBackend.allCases) func disableEnableRotateAndQuotasTakeEffectAtOnce(_ backend: TestBackend) async throws {
        try await withServer(backend) { server in
            let created = try await Facectl.run(["app", "create", "--name", "ops demo"], dataDirectory: server.dataDirectory,
                                                databaseURL: server.databaseURL)
            let credentials = try JSONDecoder().decode(Credentials.self, from: Data(created.stdout.utf8))
            let client = server.client(credentials)
            try await client.createLibrary("first")

            // disable → DISABLED_APP on the next request; enable → served again.
            #expect(try await facectl(server, "app", "disable", "--api-key", credentials.apiKey)["state"]?.string == "disabled")
            expectFailure(try await client.call("group_list"), 403, "AUTHORIZATION_ERROR", reason: "DISABLED_APP")
            #expect(try await facectl(server, "app", "enable", "--api-key", credentials.apiKey)["state"]?.string == "active")
            expectSuccess(try await client.call("group_list"), fields: ["group_infos"])

            // rotate-secret: the old secret fails at once, the new one works.
            let rotated = try await facectl(server, "app", "rotate-secret", "--api-key", credentials.apiKey)
            #expect(rotated.keys == Set(["api_key", "api_secret"]))
            #expect(rotated["api_key"]?.string == credentials.apiKey)
            let newSecret = try #require(rotated["api_secret"]?.string)
            #expect(newSecret != credentials.apiSecret)
            expectFailure(try await client.call("group_list"), 403, "AUTHORIZATION_ERROR", reason: "INVALID_SIGN")
            let renewed = server.client(Credentials(apiKey: credentials.apiKey, apiSecret: newSecret))
            expectSuccess(try await renewed.call("group_list"), fields: ["group_infos"])

            // set-quota: one library is the most now, and the app already has it.
            let quota = try await facectl(server, "app", "set-quota", "--api-key", credentials.apiKey, "--max-groups", "1")
            #expect(quota["max_groups"]?.int == 1)
            #expect(quota["max_faces"]?.int == 5_000_000)
            expectFailure(try await renewed.call("create", [("group_id", "second"), ("group_name", "n")]), 400, "GROUP_EXCEEDED")

            // show and list report usage and never a secret.
            _ = try await FaceSeeder.addFaces(count: 3, to: "first", of: credentials.apiKey, on: server)
            let shown = try await facectl(server, "app", "show", "--api-key", credentials.apiKey)
            let expectedKeys: Set<String> = ["api_key", "name", "state", "max_groups", "max_faces", "created_at", "libraries", "faces"]
            #expect(shown.keys == expectedKeys)
            #expect(shown["libraries"]?.int == 1)
            #expect(shown["faces"]?.int == 3)
            #expect(shown["name"]?.string == "ops demo")
            let listed = try await Facectl.run(["app", "list"], dataDirectory: server.dataDirectory,
                                               databaseURL: server.databaseURL)
            #expect(listed.jsonLines == [shown])
            #expect(!listed.stdout.contains(newSecret) && !listed.stdout.contains(credentials.apiSecret))
        }
    }

    @Test func mistakesGiveAMessageAndAFailureStatus() async throws {
        try await withServer { server in
            let unknown = try await Facectl.run(["app", "disable", "--api-key", "nobody"], dataDirectory: server.dataDirectory)
            #expect(unknown.status == 1)
            #expect(unknown.stderr.contains("no app has api_key nobody") && unknown.stdout.isEmpty)
            let noQuota = try await Facectl.run(["app", "set-quota", "--api-key", "x"], dataDirectory: server.dataDirectory)
            #expect(noQuota.status != 0)
            #expect(noQuota.stderr.contains("--max-groups"))
            let wrongDirectory = try await Facectl.run(["stats"], dataDirectory: server.dataDirectory + "/nothing-here")
            #expect(wrongDirectory.status == 1)
            #expect(wrongDirectory.stderr.contains("holds no face-service.sqlite"))
            #expect(!FileManager.default.fileExists(atPath: server.dataDirectory + "/nothing-here/face-service.sqlite"))
        }
    }

    @Test(arguments: TestBackend.allCases) func statsReportFacesModelAndIndexMemoryPerLibrary(_ backend: TestBackend) async throws {
        try await withServer(backend) { server in
            let credentials = try await server.createApp(name: "stats")
            try await server.client(credentials).createLibrary("small")
            try await server.client(credentials).createLibrary("empty")
            _ = try await FaceSeeder.addFaces(count: 5, to: "small", of: credentials.apiKey, on: server)
            let stats = try await facectl(server, "stats")
            #expect(stats["api_key"]?.string == credentials.apiKey)
            #expect(stats["faces"]?.int == 5)
            let libraries = try #require(stats["libraries"]?.array)
            let groups: [String] = libraries.compactMap { $0["group_id"]?.string }
            let models: [String] = libraries.compactMap { $0["model_version"]?.string }
            let faces: [Int] = libraries.compactMap { $0["faces"]?.int }
            let bytes: [Int] = libraries.compactMap { $0["index_bytes"]?.int }
            #expect(groups == ["small", "empty"])
            #expect(models == ["s21", "s21"])
            #expect(faces == [5, 0])
            // Five rows still in staging: 5 · (128 · 4 + 24) bytes.
            let staged: Int = 5 * (128 * 4 + 24)
            #expect(bytes == [staged, 0])
            #expect(stats["index_bytes"]?.int == staged)
        }
    }
}

/// Runs facectl on the server's data directory (and database), expects success and one JSON line, returns it.
func facectl(_ server: ServerProcess, _ arguments: String..., sourceLocation: SourceLocation = #_sourceLocation) async throws -> JSONNode {
    let result = try await Facectl.run(arguments, dataDirectory: server.dataDirectory, databaseURL: server.databaseURL)
    #expect(result.status == 0, "\(result)", sourceLocation: sourceLocation)
    #expect(result.jsonLines.count == 1, "\(result)", sourceLocation: sourceLocation)
    return result.jsonLines.first ?? .null
}
