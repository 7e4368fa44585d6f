import Foundation
import Testing
import FaceTestSupport
import ReplyChecks

/// `list`, `face_info` and `delete` over seeded faces: paging, lookups and per-token reports.
@Suite struct FaceListingTests {
    @Test(arguments: TestBackend.allCases)
    func listPagesInCreationOrder(_ backend: TestBackend) async throws {
        try await withAPI(backend: backend) { api in
            let client = try await api.newClient()
            try await client.createLibrary("g")
            let tokens = try await api.seedFaces(count: 5, to: "g", of: client)

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

    @Test func listDefaultsTo100FacesAndTakesUpTo1000() async throws {
        try await withAPI { api in
            let client = try await api.newClient()
            try await client.createLibrary("g")
            let tokens = try await api.seedFaces(count: 101, to: "g", of: client)
            let page = expectSuccess(try await client.call("list", [("group_id", "g")]), fields: ["face_tokens", "next"])
            #expect(page["face_tokens"]?.array?.count == 100 && page["next"]?.int == 101)
            let rest = expectSuccess(try await client.call("list", [("group_id", "g"), ("start", "101")]), fields: ["face_tokens"])
            #expect(rest["face_tokens"]?.array?.compactMap { $0["face_token"]?.string } == [tokens[100]])
            let whole = expectSuccess(try await client.call("list", [("group_id", "g"), ("limit", "1000")]),
                                      fields: ["face_tokens"])
            #expect(whole["face_tokens"]?.array?.count == 101)
        }
    }

    @Test(arguments: [("start", "0"), ("start", "-1"), ("start", "x"), ("start", "1.5"), ("limit", "0"),
                      ("limit", "1001"), ("limit", " 5"), ("limit", "99999999999999999999"),
                      ("start", "-99999999999999999999")])
    func listRejectsBadPaging(field: String, value: String) async throws {
        try await withAPI { api in
            let client = try await api.newClient()
            try await client.createLibrary("g")
            expectFailure(try await client.call("list", [("group_id", "g"), (field, value)]), 400, "BAD_ARGUMENTS:\(field)")
        }
    }

    @Test func listTakesTheLargestPageAndAFarStart() async throws {
        try await withAPI { api in
            let client = try await api.newClient()
            try await client.createLibrary("g")
            // A start past the end is an empty page, however large (the contract sets no upper bound).
            for start in ["123456789012", "1000000000000000000", "99999999999999999999", "1" + String(repeating: "0", count: 40)] {
                let page = expectSuccess(try await client.call("list", [("group_id", "g"), ("limit", "1000"), ("start", start)]),
                                         fields: ["face_tokens"])
                #expect(page["face_tokens"] == .array([]), "\(start)")
            }
        }
    }

    @Test(arguments: TestBackend.allCases)
    func faceInfoFindsOnlyThisLibrarysFaces(_ backend: TestBackend) async throws {
        try await withAPI(backend: backend) { api in
            let client = try await api.newClient()
            try await client.createLibrary("g")
            try await client.createLibrary("h")
            let mine = try await api.seedFaces(count: 1, to: "g", of: client, userID: "alice")
            let info = expectSuccess(try await client.call("face_info", [("group_id", "g"), ("face_token", mine[0])]),
                                     fields: ["info"])
            #expect(info["info"]?.keys == ["face_token", "user_id", "user_data", "add_time"])
            #expect(info["info"]?["user_id"]?.string == "alice")
            expectFailure(try await client.call("face_info", [("group_id", "h"), ("face_token", mine[0])]), 400,
                          "INVALID_FACE_TOKEN")
            expectFailure(try await client.call("face_info", [("group_id", "g"), ("face_token", String(repeating: "0", count: 32))]),
                          400, "INVALID_FACE_TOKEN")
        }
    }

    @Test func faceInfoChecksTheTokensForm() async throws {
        try await withAPI { api in
            let client = try await api.newClient()
            try await client.createLibrary("g")
            let mine = try await api.seedFaces(count: 1, to: "g", of: client)
            for token in [mine[0].uppercased(), String(mine[0].dropLast()), mine[0] + "0", "' OR 1=1 --", ""] {
                expectFailure(try await client.call("face_info", [("group_id", "g"), ("face_token", token)]), 400,
                              "BAD_ARGUMENTS:face_token")
            }
            expectFailure(try await client.call("face_info", [("group_id", "g")]), 400, "MISSING_ARGUMENTS:face_token")
        }
    }

    @Test(arguments: TestBackend.allCases)
    func deleteReportsEveryToken(_ backend: TestBackend) async throws {
        try await withAPI(backend: backend) { api in
            let client = try await api.newClient()
            try await client.createLibrary("g")
            try await client.createLibrary("h")
            let tokens = try await api.seedFaces(count: 3, to: "g", of: client)
            let elsewhere = try await api.seedFaces(count: 1, to: "h", of: client)
            let list = [tokens[0], "not-a-token", elsewhere[0], tokens[2], tokens[0]].joined(separator: ", ")
            let reply = expectSuccess(try await client.call("delete", [("group_id", "g"), ("face_tokens", list)]),
                                      fields: ["group_id", "face_removed", "face_count", "failure_detail"])
            #expect(reply["group_id"]?.string == "g")
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
            // Deleting again reports the token as no longer in the library.
            let again = try await client.call("delete", [("group_id", "g"), ("face_tokens", tokens[1])])
            #expect(again.json?["face_removed"]?.int == 0)
            #expect(again.json?["failure_detail"]?[0]?["reason"]?.string == "FACE_NOT_IN_GROUP")
        }
    }

    @Test func deleteRejectsMissingAndEmptyTokenLists() async throws {
        try await withAPI { api in
            let client = try await api.newClient()
            try await client.createLibrary("g")
            expectFailure(try await client.call("delete", [("group_id", "g")]), 400, "MISSING_ARGUMENTS:face_tokens")
            expectFailure(try await client.call("delete", [("group_id", "g"), ("face_tokens", "")]), 400,
                          "BAD_ARGUMENTS:face_tokens")
            expectFailure(try await client.call("delete", [("group_id", "g"), ("face_tokens", " , ,")]), 400,
                          "BAD_ARGUMENTS:face_tokens")
        }
    }

    @Test func deleteTakesUpTo1000Tokens() async throws {
        try await withAPI { api in
            let client = try await api.newClient()
            try await client.createLibrary("g")
            let tooMany = (0...1000).map { String(format: "%032x", $0) }.joined(separator: ",")
            expectFailure(try await client.call("delete", [("group_id", "g"), ("face_tokens", tooMany)]), 400,
                          "BAD_ARGUMENTS:face_tokens")
            let thousand = (0..<1000).map { String(format: "%032x", $0) }.joined(separator: ",")
            let reply = try await client.call("delete", [("group_id", "g"), ("face_tokens", thousand)])
            #expect(reply.json?["failure_detail"]?.array?.count == 1000)
        }
    }

    @Test func garbageTokensAreReportedOneByOneAndRealFacesStay() async throws {
        try await withAPI { api in
            let client = try await api.newClient()
            try await client.createLibrary("g")
            let kept = try await api.seedFaces(count: 1, to: "g", of: client)
            let garbage = ["' OR '1'='1", String(repeating: "f", count: 33), "G" + String(repeating: "0", count: 31),
                           "%00", "\u{202E}abc", String(repeating: "0", count: 32)]
            let deletion = try await client.call("delete", [("group_id", "g"), ("face_tokens", garbage.joined(separator: ","))])
            #expect(deletion.json?["face_removed"]?.int == 0, "\(deletion)")
            #expect(deletion.json?["failure_detail"]?.array?.compactMap { $0["reason"]?.string }
                == Array(repeating: "INVALID_FACE_TOKEN", count: 5) + ["FACE_NOT_IN_GROUP"], "\(deletion)")
            #expect(try await client.call("face_info", [("group_id", "g"), ("face_token", kept[0])]).status == 200)
            #expect(try await client.call("get_size", [("group_id", "g")]).json?["face_count"]?.int == 1)
        }
    }
}
