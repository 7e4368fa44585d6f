import Foundation
import Testing
import FaceLibrary
import FaceTestSupport
import ReplyChecks

/// Apps never reach each other's libraries or faces: for another app's
/// library every endpoint answers as if it did not exist, and leaves the
/// owner's data as it was; no secret or signature shows in the log, the
/// answers or the database file.
@Suite struct TenancyTests {
    @Test(arguments: TestBackend.allCases)
    func appsSeeOnlyTheirOwnLibrariesAndFaces(_ backend: TestBackend) async throws {
        try await withAPI(backend: backend) { api in
            let alice = try await api.newClient(name: "alice")
            let bob = try await api.newClient(name: "bob")
            try await alice.createLibrary("students", name: "alice's")
            try await alice.createLibrary("private")
            try await bob.createLibrary("students", name: "bob's")
            let faces = try await api.seedFaces(count: 2, to: "students", of: alice)

            let bobsList = try #require(try await bob.call("group_list").json?["group_infos"]?.array)
            #expect(bobsList.compactMap { $0["group_name"]?.string } == ["bob's"])
            #expect(try await alice.call("group_list").json?["group_infos"]?.array?.count == 2)

            for endpoint in ["group_info", "get_size", "list", "free"] {
                expectFailure(try await bob.call(endpoint, [("group_id", "private")]), 400, "INVALID_GROUP_ID")
            }
            #expect(try await bob.call("get_size", [("group_id", "students")]).json?["face_count"]?.int == 0)
            expectFailure(try await bob.call("face_info", [("group_id", "students"), ("face_token", faces[0])]), 400,
                          "INVALID_FACE_TOKEN")
            let deletion = try await bob.call("delete", [("group_id", "students"), ("face_tokens", faces[0])])
            #expect(deletion.json?["face_removed"]?.int == 0)
            #expect(try await alice.call("get_size", [("group_id", "students")]).json?["face_count"]?.int == 2)
            expectSuccess(try await bob.call("free", [("group_id", "students")]), fields: ["group_id"])
            #expect(try await alice.call("get_size", [("group_id", "students")]).json?["face_count"]?.int == 2)
        }
    }

    @Test(arguments: TestBackend.allCases)
    func everyEndpointKeepsAppsApart(_ backend: TestBackend) async throws {
        try await withAPI(backend: backend) { api in
            let alice = try await api.newClient(name: "alice")
            let bob = try await api.newClient(name: "bob")
            try await alice.createLibrary("shared", name: "alice's shared")
            try await alice.createLibrary("private", name: "alice's private")
            try await bob.createLibrary("shared", name: "bob's shared")
            let token = try await alice.addFace("obama.jpg", user: "alice-user", to: "shared")
            let privateToken = try await alice.addFace("biden.jpg", user: "alice-user", to: "private")
            let aliceBefore = try await Self.snapshot(alice)

            let photo = try TestPhotos.part("obama2.jpg")
            for (endpoint, fields) in [("group_info", [("group_id", "private")]), ("get_size", [("group_id", "private")]),
                                       ("list", [("group_id", "private")]), ("free", [("group_id", "private")]),
                                       ("free", [("group_id", "private"), ("check_empty", "0")]),
                                       ("face_info", [("group_id", "private"), ("face_token", privateToken)]),
                                       ("delete", [("group_id", "private"), ("face_tokens", privateToken)])] {
                expectFailure(try await bob.call(endpoint, fields), 400, "INVALID_GROUP_ID")
            }
            for endpoint in ["add", "search"] {
                expectFailure(try await bob.call(endpoint, parts: [("group_id", .text("private")), ("file", photo),
                                                                   ("user_id", .text("bob-user"))]),
                              400, "INVALID_GROUP_ID")
            }
            // Bob may use alice's group_id for a library of his own.
            #expect(try await bob.call("create", [("group_id", "private"), ("group_name", "bob's private")]).status == 200)
            #expect(try await bob.call("free", [("group_id", "private")]).status == 200)

            // In bob's own library of the same name, alice's faces do not exist.
            expectFailure(try await bob.call("face_info", [("group_id", "shared"), ("face_token", token)]),
                          400, "INVALID_FACE_TOKEN")
            let deletion = try await bob.call("delete", [("group_id", "shared"), ("face_tokens", "\(token),\(privateToken)")])
            #expect(deletion.json?["face_removed"]?.int == 0, "\(deletion)")
            #expect(deletion.json?["failure_detail"]?.array?.compactMap { $0["reason"]?.string }
                == ["FACE_NOT_IN_GROUP", "FACE_NOT_IN_GROUP"], "\(deletion)")
            // Not even the same photo finds alice's face from bob's library.
            #expect(try await bob.search("obama.jpg", in: "shared", limit: 100)["results"]?.array?.isEmpty == true)
            #expect(try await bob.call("list", [("group_id", "shared")]).json?["face_tokens"]?.array?.isEmpty == true)
            #expect(try await bob.call("get_size", [("group_id", "shared")]).json?["face_count"]?.int == 0)
            let bobsLibraries = try await bob.call("group_list").json?["group_infos"]?.array
            #expect(bobsLibraries?.compactMap { $0["group_name"]?.string } == ["bob's shared"])

            // Bob's own face and search stay in bob's library.
            let bobToken = try await bob.addFace("obama.jpg", user: "bob-user", to: "shared")
            let bobFound = try await bob.search("obama.jpg", in: "shared", limit: 100)["results"]?.array
            #expect(bobFound?.compactMap { $0["face_token"]?.string } == [bobToken])
            let aliceFound = try await alice.search("obama.jpg", in: "shared", limit: 100)["results"]?.array
            #expect(aliceFound?.compactMap { $0["face_token"]?.string } == [token])
            expectFailure(try await alice.call("face_info", [("group_id", "shared"), ("face_token", bobToken)]),
                          400, "INVALID_FACE_TOKEN")
            #expect(try await bob.call("free", [("group_id", "shared"), ("check_empty", "0")]).status == 200)

            #expect(try await Self.snapshot(alice) == aliceBefore)
        }
    }

    @Test(arguments: TestBackend.allCases)
    func anotherAppsQuotaIsNotShared(_ backend: TestBackend) async throws {
        try await withAPI(backend: backend) { api in
            let small = try await api.newClient(name: "small", quotas: AppQuotas(maxGroups: 1, maxFaces: 1))
            let other = try await api.newClient(name: "other", quotas: AppQuotas(maxGroups: 1, maxFaces: 1))
            try await small.createLibrary("g")
            try await other.createLibrary("g")
            _ = try await small.addFace("obama.jpg", user: "u", to: "g")
            expectFailure(try await small.call("create", [("group_id", "h"), ("group_name", "n")]), 400, "GROUP_EXCEEDED")
            expectFailure(try await small.call("add", parts: [("group_id", .text("g")), ("user_id", .text("u")),
                                                              ("file", try TestPhotos.part("biden.jpg"))]),
                          400, "FACE_EXCEEDED")
            // The other app's own quota is untouched by the first app's use.
            _ = try await other.addFace("biden.jpg", user: "u", to: "g")
        }
    }

    @Test func secretsNeverLeak() async throws {
        try await withAPI(logLevel: .trace) { api in
            let keys = try await api.createApp(name: "alice")
            let client = api.client(keys)
            var answers: [HTTPReply] = []
            let sign = Signer.sign(keys)
            answers.append(try await client.call("create", [("group_id", "g"), ("group_name", "G")]))
            answers.append(try await client.call("add", parts: [("group_id", .text("g")), ("user_id", .text("u")),
                                                                ("file", try TestPhotos.part("obama.jpg"))]))
            answers.append(try await client.call("search", parts: [("group_id", .text("g")),
                                                                   ("file", try TestPhotos.part("coffee.png"))]))
            answers.append(try await client.call("group_list", signing: .custom(sign: sign, version: "hmac_sha256")))
            answers.append(try await client.call("group_list", signing: .custom(sign: String(sign.dropLast(4)), version: "hmac_sha1")))
            // The secret itself in places a careless server might echo it.
            answers.append(try await client.call("group_list", [("group_id", keys.apiSecret)]))
            answers.append(try await client.call("get_size", [("group_id", keys.apiSecret)]))
            answers.append(try await client.call("group_list", signing: .custom(sign: keys.apiSecret, version: "hmac_sha1")))
            #expect(answers.contains { $0.status == 200 } && answers.contains { $0.status == 403 })

            let log = api.log.text
            #expect(!api.log.lines(withMessage: "request").isEmpty, "the log records requests at all")
            #expect(!log.contains(keys.apiSecret), "secret in the server log")
            #expect(!log.contains(sign), "signature in the server log")
            for answer in answers {
                #expect(!String(decoding: answer.body, as: UTF8.self).contains(keys.apiSecret), "secret in \(answer)")
            }
            let directory = api.services.storage.directory
            let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasPrefix("face-service") }
            #expect(!files.isEmpty)
            for file in files {
                let bytes = try #require(FileManager.default.contents(atPath: directory.appending(file)))
                #expect(bytes.range(of: Data(keys.apiSecret.utf8)) == nil, "secret in plain text in \(file)")
            }
        }
    }

    /// Everything an app can read about its libraries and faces.
    private static func snapshot(_ client: FaceClient) async throws -> [JSONNode] {
        var views = [try await client.call("group_list").json?["group_infos"] ?? .null]
        for group in ["shared", "private"] {
            views.append(try await client.call("group_info", [("group_id", group)]).json?["info"] ?? .null)
            views.append(try await client.call("list", [("group_id", group)]).json?["face_tokens"] ?? .null)
        }
        return views
    }
}
