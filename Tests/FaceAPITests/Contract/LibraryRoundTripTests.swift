import Foundation
import Testing
import FaceAPI
import FaceTestSupport
import ReplyChecks

/// The library endpoints answer the contract's JSON, field for field.
@Suite struct LibraryRoundTripTests {
    @Test(arguments: TestBackend.allCases)
    func createListInfoSizeListFreeGiveTheContractJSON(_ backend: TestBackend) async throws {
        try await withAPI(backend: backend) { api in
            let client = try await api.newClient()
            let before = Date().timeIntervalSince1970

            let created = expectSuccess(
                try await client.call("create", [("group_id", "students"), ("group_name", "Class of 2026"),
                                                 ("group_data", "room 4")]),
                fields: ["group_id", "group_name", "group_data", "model_version"])
            #expect(created["group_id"]?.string == "students")
            #expect(created["group_name"]?.string == "Class of 2026")
            #expect(created["group_data"]?.string == "room 4")
            #expect(created["model_version"]?.string == "s21")
            let requestID = try #require(created["request_id"]?.string)
            #expect(requestID.wholeMatch(of: /[0-9]{10},[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/) != nil)
            #expect((created["time_used"]?.int ?? -1) >= 0)

            let list = expectSuccess(try await client.call("group_list"), fields: ["group_infos"])
            let infos = try #require(list["group_infos"]?.array)
            #expect(infos.count == 1)
            #expect(infos.first?.keys == ["group_id", "group_name", "group_data", "model_version", "add_time"])
            let addTime = try #require(infos.first?["add_time"]?.string)
            #expect(addTime.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00/) != nil)
            let parsed = try #require(ISO8601DateFormatter().date(from: addTime))
            #expect(abs(parsed.timeIntervalSince1970 - before) < 60)

            let info = expectSuccess(try await client.call("group_info", [("group_id", "students")]), fields: ["info"])
            #expect(info["info"]?.keys == ["group_id", "group_name", "group_data", "model_version", "add_time", "face_count"])
            #expect(info["info"]?["add_time"]?.string == addTime)
            #expect(info["info"]?["face_count"]?.int == 0)

            let size = expectSuccess(try await client.call("get_size", [("group_id", "students")]),
                                     fields: ["group_id", "face_count"])
            #expect(size["face_count"]?.int == 0 && size["group_id"]?.string == "students")

            let faces = expectSuccess(try await client.call("list", [("group_id", "students")]), fields: ["face_tokens"])
            #expect(faces["face_tokens"] == .array([]))

            let freed = expectSuccess(try await client.call("free", [("group_id", "students")]), fields: ["group_id"])
            #expect(freed["group_id"]?.string == "students")
            #expect(try await client.call("group_list").json?["group_infos"] == .array([]))
        }
    }

    @Test func everyRequestGetsItsOwnRequestID() async throws {
        try await withAPI { api in
            let client = try await api.newClient()
            var seen: Set<String> = []
            for _ in 0..<5 {
                let reply = try await client.call("group_list")
                seen.insert(try #require(reply.json?["request_id"]?.string))
            }
            let failed = try await client.call("group_info", [("group_id", "nope")])
            seen.insert(try #require(failed.json?["request_id"]?.string))
            #expect(seen.count == 6)
        }
    }

    @Test func urlencodedBodiesAndUnicodeNamesWork() async throws {
        try await withAPI { api in
            let client = try await api.newClient()
            let name = String(repeating: "名", count: 60)
            let data = String(repeating: "é", count: 128)
            let created = try await client.call("create", [("group_id", "a-%@#&_Z9"), ("group_name", name),
                                                           ("group_data", data)], encoding: .urlencoded)
            #expect(created.json?["group_name"]?.string == name, "\(created)")
            let info = try await client.call("group_info", [("group_id", "a-%@#&_Z9")], encoding: .urlencoded)
            #expect(info.json?["info"]?["group_data"]?.string == data)
            let libraries = try await client.call("group_list", encoding: .urlencoded)
            #expect(libraries.json?["group_infos"]?[0]?["group_id"]?.string == "a-%@#&_Z9")
        }
    }

    @Test func librariesAreListedOldestFirst() async throws {
        try await withAPI { api in
            let client = try await api.newClient()
            for groupID in ["c", "a", "b"] { try await client.createLibrary(groupID) }
            let infos = try #require(try await client.call("group_list").json?["group_infos"]?.array)
            #expect(infos.compactMap { $0["group_id"]?.string } == ["c", "a", "b"])
        }
    }

    @Test func addTimeIsShownInTheConfiguredZone() async throws {
        var settings = APISettings.defaults
        settings.displayZone = try #require(DisplayTimeZone("-05:30"))
        try await withAPI(settings: settings) { api in
            let client = try await api.newClient()
            try await client.createLibrary("g")
            let shown = try #require(try await client.call("group_info", [("group_id", "g")]).json?["info"]?["add_time"]?.string)
            #expect(shown.hasSuffix("-05:30"), "\(shown)")
            let parsed = try #require(ISO8601DateFormatter().date(from: shown))
            #expect(abs(parsed.timeIntervalSinceNow) < 60)
        }
    }
}
