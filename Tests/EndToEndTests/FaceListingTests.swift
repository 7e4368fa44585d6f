import Testing
import FaceTestSupport

@Suite struct FaceListingTests {
    @Test func listPagesInCreationOrder() async throws {
        try await withServer { server in
            let credentials = try await server.createApp()
            let client = server.client(credentials)
            try await client.createLibrary("g")
            let tokens = try await FaceSeeder.addFaces(count: 5, to: "g", of: credentials.apiKey, in: server.dataDirectory)

            let first = expectSuccess(try await client.call("list", [("group_id", "g"), ("limit", "2")]),
                                      fields: ["face_tokens", "next"])
            #expect(first["face_tokens"]?.array?.compactMap { $0["face_token"]?.string } == Array(tokens[0..<2]))
            #expect(first["face_tokens"]?[0]?.keys == ["face_token", "user_id", "user_data", "add_time"])
            #expect((first["face_tokens"]?[0]?["add_time"]?.int ?? 0) > 1_700_000_000_000)
            #expect(first["next"]?.int == 3)

            let last = expectSuccess(try await client.call("list", [("group_id", "g"), ("start", "3"), ("limit", "3")]),
                                     fields: ["face_tokens"])
            #expect(last["face_tokens"]?.array?.compactMap { $0["face_token"]?.string } == Array(tokens[2..<5]))

            let past = expectSuccess(try await client.call("list", [("group_id", "g"), ("start", "6")]), fields: ["face_tokens"])
            #expect(past["face_tokens"] == .array([]))
            let all = try await client.call("list", [("group_id", "g")])
            #expect(all.json?["face_tokens"]?.array?.count == 5)
        }
    }

    @Test func listRejectsBadPaging() async throws {
        try await withServer { server in
            let client = server.client(try await server.createApp())
            try await client.createLibrary("g")
            for (field, value) in [("start", "0"), ("start", "-1"), ("start", "x"), ("start", "1.5"), ("limit", "0"),
                                   ("limit", "1001"), ("limit", " 5"), ("limit", "99999999999999999999"),
                                   ("start", "-99999999999999999999")] {
                expectFailure(try await client.call("list", [("group_id", "g"), (field, value)]), 400, "BAD_ARGUMENTS:\(field)")
            }
            // A start past the end is an empty page, however large (the contract sets no upper bound).
            for start in ["123456789012", "1000000000000000000", "99999999999999999999", "1" + String(repeating: "0", count: 40)] {
                let page = expectSuccess(try await client.call("list", [("group_id", "g"), ("limit", "1000"), ("start", start)]),
                                         fields: ["face_tokens"])
                #expect(page["face_tokens"] == .array([]), "\(start)")
            }
        }
    }

    @Test func faceInfoFindsOnlyThisLibrarysFaces() async throws {
        try await withServer { server in
            let credentials = try await server.createApp()
            let client = server.client(credentials)
            try await client.createLibrary("g")
            try await client.createLibrary("h")
            let mine = try await FaceSeeder.addFaces(count: 1, to: "g", of: credentials.apiKey, in: server.dataDirectory,
                                                     userID: "alice")
            let info = expectSuccess(try await client.call("face_info", [("group_id", "g"), ("face_token", mine[0])]),
                                     fields: ["info"])
            #expect(info["info"]?.keys == ["face_token", "user_id", "user_data", "add_time"])
            #expect(info["info"]?["user_id"]?.string == "alice")
            expectFailure(try await client.call("face_info", [("group_id", "h"), ("face_token", mine[0])]), 400,
                          "INVALID_FACE_TOKEN")
            expectFailure(try await client.call("face_info", [("group_id", "g"), ("face_token", String(repeating: "0", count: 32))]),
                          400, "INVALID_FACE_TOKEN")
            expectFailure(try await client.call("face_info", [("group_id", "g"), ("face_token", mine[0].uppercased())]),
                          400, "BAD_ARGUMENTS:face_token")
            expectFailure(try await client.call("face_info", [("group_id", "g")]), 400, "MISSING_ARGUMENTS:face_token")
        }
    }

    @Test func deleteReportsEveryToken() async throws {
        try await withServer { server in
            let credentials = try await server.createApp()
            let client = server.client(credentials)
            try await client.createLibrary("g")
            try await client.createLibrary("h")
            let tokens = try await FaceSeeder.addFaces(count: 3, to: "g", of: credentials.apiKey, in: server.dataDirectory)
            let elsewhere = try await FaceSeeder.addFaces(count: 1, to: "h", of: credentials.apiKey, in: server.dataDirectory)
            let list = [tokens[0], "not-a-token", elsewhere[0], tokens[2], tokens[0]].joined(separator: ", ")
            let reply = expectSuccess(try await client.call("delete", [("group_id", "g"), ("face_tokens", list)]),
                                      fields: ["group_id", "face_removed", "face_count", "failure_detail"])
            #expect(reply["face_removed"]?.int == 2)
            #expect(reply["face_count"]?.int == 1)
            #expect(reply["failure_detail"] == .array([
                .object(["face_token": .string("not-a-token"), "reason": .string("INVALID_FACE_TOKEN")]),
                .object(["face_token": .string(elsewhere[0]), "reason": .string("FACE_NOT_IN_GROUP")]),
            ]))
            let remaining = try await client.call("list", [("group_id", "g")])
            #expect(remaining.json?["face_tokens"]?.array?.compactMap { $0["face_token"]?.string } == [tokens[1]])
            #expect(try await client.call("get_size", [("group_id", "h")]).json?["face_count"]?.int == 1)

            let clean = try await client.call("delete", [("group_id", "g"), ("face_tokens", tokens[1])])
            #expect(clean.json?["failure_detail"] == .array([]) && clean.json?["face_count"]?.int == 0)
        }
    }

    @Test func deleteRejectsBadTokenLists() async throws {
        try await withServer { server in
            let client = server.client(try await server.createApp())
            try await client.createLibrary("g")
            expectFailure(try await client.call("delete", [("group_id", "g")]), 400, "MISSING_ARGUMENTS:face_tokens")
            expectFailure(try await client.call("delete", [("group_id", "g"), ("face_tokens", "")]), 400,
                          "BAD_ARGUMENTS:face_tokens")
            expectFailure(try await client.call("delete", [("group_id", "g"), ("face_tokens", " , ,")]), 400,
                          "BAD_ARGUMENTS:face_tokens")
            let tooMany = (0...1000).map { String(format: "%032x", $0) }.joined(separator: ",")
            expectFailure(try await client.call("delete", [("group_id", "g"), ("face_tokens", tooMany)]), 400,
                          "BAD_ARGUMENTS:face_tokens")
            let thousand = (0..<1000).map { String(format: "%032x", $0) }.joined(separator: ",")
            let reply = try await client.call("delete", [("group_id", "g"), ("face_tokens", thousand)])
            #expect(reply.json?["failure_detail"]?.array?.count == 1000)
        }
    }
}
