import Testing
import FaceLibrary
import FaceTestSupport

@Suite struct LibraryErrorTests {
    @Test func createRejectsEveryBadField() async throws {
        try await withServer { server in
            let client = server.client(try await server.createApp())
            let cases: [([(String, String)], String)] = [
                ([("group_name", "n")], "MISSING_ARGUMENTS:group_id"),
                ([("group_id", ""), ("group_name", "n")], "BAD_ARGUMENTS:group_id"),
                ([("group_id", "has space"), ("group_name", "n")], "BAD_ARGUMENTS:group_id"),
                ([("group_id", "ünï"), ("group_name", "n")], "BAD_ARGUMENTS:group_id"),
                ([("group_id", String(repeating: "x", count: 49)), ("group_name", "n")], "BAD_ARGUMENTS:group_id"),
                ([("group_id", "g")], "MISSING_ARGUMENTS:group_name"),
                ([("group_id", "g"), ("group_name", "")], "BAD_ARGUMENTS:group_name"),
                ([("group_id", "g"), ("group_name", String(repeating: "名", count: 61))], "BAD_ARGUMENTS:group_name"),
                ([("group_id", "g"), ("group_name", "n"), ("group_data", String(repeating: "d", count: 129))],
                 "BAD_ARGUMENTS:group_data"),
                ([("group_id", "g"), ("group_name", "n"), ("model_version", "s22")], "BAD_ARGUMENTS:model_version"),
                // Arguments are checked in contract order: the first bad field is reported.
                ([("group_name", String(repeating: "n", count: 61))], "MISSING_ARGUMENTS:group_id"),
            ]
            for (fields, error) in cases {
                expectFailure(try await client.call("create", fields), 400, error)
            }
            // A 48-byte id is fine; nothing above was created.
            try await client.createLibrary(String(repeating: "x", count: 48))
            #expect(try await client.call("group_list").json?["group_infos"]?.array?.count == 1)
        }
    }

    @Test func duplicatesAndQuotaAreRefusedWithoutChanges() async throws {
        try await withServer { server in
            let client = server.client(try await server.createApp(quotas: AppQuotas(maxGroups: 2, maxFaces: 10)))
            try await client.createLibrary("one", name: "first")
            expectFailure(try await client.call("create", [("group_id", "one"), ("group_name", "again")]), 400, "GROUP_EXIST")
            try await client.createLibrary("two")
            expectFailure(try await client.call("create", [("group_id", "three"), ("group_name", "n")]), 400, "GROUP_EXCEEDED")
            let infos = try #require(try await client.call("group_list").json?["group_infos"]?.array)
            #expect(infos.compactMap { $0["group_id"]?.string } == ["one", "two"])
            #expect(infos.first?["group_name"]?.string == "first")
        }
    }

    @Test func unknownOrMissingGroupOnEveryEndpoint() async throws {
        try await withServer { server in
            let client = server.client(try await server.createApp())
            let token = String(repeating: "ab", count: 16)
            let extra: [String: [(String, String)]] = [
                "face_info": [("face_token", token)], "delete": [("face_tokens", token)],
                "add": [("image", "aGVsbG8="), ("user_id", "u")], "search": [("image", "aGVsbG8=")],
            ]
            for endpoint in ["group_info", "get_size", "free", "list", "face_info", "delete", "add", "search"] {
                let fields = extra[endpoint] ?? []
                expectFailure(try await client.call(endpoint, [("group_id", "nope")] + fields), 400, "INVALID_GROUP_ID")
                expectFailure(try await client.call(endpoint, fields), 400, "MISSING_ARGUMENTS:group_id")
                expectFailure(try await client.call(endpoint, [("group_id", "no pe")] + fields), 400, "BAD_ARGUMENTS:group_id")
            }
        }
    }

    @Test func freeHonoursCheckEmpty() async throws {
        try await withServer { server in
            let credentials = try await server.createApp()
            let client = server.client(credentials)
            try await client.createLibrary("full")
            _ = try await FaceSeeder.addFaces(count: 3, to: "full", of: credentials.apiKey, in: server.dataDirectory)
            expectFailure(try await client.call("free", [("group_id", "full")]), 400, "NOT_EMPTY")
            expectFailure(try await client.call("free", [("group_id", "full"), ("check_empty", "1")]), 400, "NOT_EMPTY")
            // Flags are exactly "0" or "1": "00" must not read as 0 and free a library that holds faces.
            for flag in ["2", "00", "01", "-0", "true"] {
                expectFailure(try await client.call("free", [("group_id", "full"), ("check_empty", flag)]), 400,
                              "BAD_ARGUMENTS:check_empty")
            }
            #expect(try await client.call("get_size", [("group_id", "full")]).json?["face_count"]?.int == 3)
            expectSuccess(try await client.call("free", [("group_id", "full"), ("check_empty", "0")]), fields: ["group_id"])
            expectFailure(try await client.call("get_size", [("group_id", "full")]), 400, "INVALID_GROUP_ID")
            // The group_id is free again, and the new library starts empty.
            try await client.createLibrary("full")
            #expect(try await client.call("get_size", [("group_id", "full")]).json?["face_count"]?.int == 0)
        }
    }
}
