import Testing
import FaceTestSupport

@Suite struct TenancyTests {
    @Test(arguments: TestBackend.allCases) func appsSeeOnlyTheirOwnLibrariesAndFaces(_ backend: TestBackend) async throws {
        try await withServer(backend) { server in
            let aliceKeys = try await server.createApp(name: "alice")
            let bobKeys = try await server.createApp(name: "bob")
            let alice = server.client(aliceKeys)
            let bob = server.client(bobKeys)
            try await alice.createLibrary("students", name: "alice's")
            try await alice.createLibrary("private")
            try await bob.createLibrary("students", name: "bob's")
            let faces = try await FaceSeeder.addFaces(count: 2, to: "students", of: aliceKeys.apiKey, on: server)

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
}
