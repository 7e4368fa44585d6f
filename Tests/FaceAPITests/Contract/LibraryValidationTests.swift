import Testing
import FaceLibrary
import FaceTestSupport
import ReplyChecks

/// `create`, `free` and the library lookups refuse every bad field with the
/// contract's error, in contract order, and change nothing when they do.
@Suite struct LibraryValidationTests {
    private static func expectCreateRefused(_ cases: [([(String, String)], String)], _ api: APIHarness,
                                            sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let client = try await api.newClient()
        for (fields, error) in cases {
            expectFailure(try await client.call("create", fields), 400, error, sourceLocation: sourceLocation)
        }
        #expect(try await client.call("group_list").json?["group_infos"] == .array([]), sourceLocation: sourceLocation)
    }

    @Test func groupIDMustBeGiven1To48SafeCharacters() async throws {
        try await withAPI { api in
            try await Self.expectCreateRefused([
                ([("group_name", "n")], "MISSING_ARGUMENTS:group_id"),
                ([("group_id", ""), ("group_name", "n")], "BAD_ARGUMENTS:group_id"),
                ([("group_id", "has space"), ("group_name", "n")], "BAD_ARGUMENTS:group_id"),
                ([("group_id", "ünï"), ("group_name", "n")], "BAD_ARGUMENTS:group_id"),
                ([("group_id", String(repeating: "x", count: 49)), ("group_name", "n")], "BAD_ARGUMENTS:group_id"),
                ([("group_id", String(repeating: "x", count: 100_000)), ("group_name", "N")], "BAD_ARGUMENTS:group_id"),
            ], api)
        }
    }

    @Test func groupNameMustBeGivenUpTo60Characters() async throws {
        try await withAPI { api in
            try await Self.expectCreateRefused([
                ([("group_id", "g")], "MISSING_ARGUMENTS:group_name"),
                ([("group_id", "g"), ("group_name", "")], "BAD_ARGUMENTS:group_name"),
                ([("group_id", "g"), ("group_name", String(repeating: "名", count: 61))], "BAD_ARGUMENTS:group_name"),
            ], api)
        }
    }

    @Test func groupDataAndModelVersionAreChecked() async throws {
        try await withAPI { api in
            try await Self.expectCreateRefused([
                ([("group_id", "g"), ("group_name", "n"), ("group_data", String(repeating: "d", count: 129))],
                 "BAD_ARGUMENTS:group_data"),
                ([("group_id", "g"), ("group_name", "n"), ("group_data", String(repeating: "é", count: 129))],
                 "BAD_ARGUMENTS:group_data"),
                ([("group_id", "g"), ("group_name", "n"), ("model_version", "s22")], "BAD_ARGUMENTS:model_version"),
            ], api)
        }
    }

    @Test func theFirstBadFieldInContractOrderIsReported() async throws {
        try await withAPI { api in
            try await Self.expectCreateRefused([
                ([("group_name", String(repeating: "n", count: 61))], "MISSING_ARGUMENTS:group_id"),
                ([("group_id", "a b"), ("group_data", String(repeating: "d", count: 129))], "BAD_ARGUMENTS:group_id"),
                ([("group_id", "g"), ("group_data", String(repeating: "d", count: 129)), ("model_version", "x")],
                 "MISSING_ARGUMENTS:group_name"),
            ], api)
        }
    }

    @Test func theLongestValuesAreAccepted() async throws {
        try await withAPI { api in
            let client = try await api.newClient()
            let created = try await client.call("create", [
                ("group_id", String(repeating: "x", count: 48)), ("group_name", String(repeating: "名", count: 60)),
                ("group_data", String(repeating: "é", count: 128)), ("model_version", "s21"),
            ])
            expectSuccess(created, fields: ["group_id", "group_name", "group_data", "model_version"])
            #expect(try await client.call("group_list").json?["group_infos"]?.array?.count == 1)
        }
    }

    @Test(arguments: TestBackend.allCases)
    func duplicatesAndTheLibraryQuotaAreRefusedWithoutChanges(_ backend: TestBackend) async throws {
        try await withAPI(backend: backend) { api in
            let client = try await api.newClient(quotas: AppQuotas(maxGroups: 2, maxFaces: 10))
            try await client.createLibrary("one", name: "first")
            expectFailure(try await client.call("create", [("group_id", "one"), ("group_name", "again")]), 400, "GROUP_EXIST")
            try await client.createLibrary("two")
            expectFailure(try await client.call("create", [("group_id", "three"), ("group_name", "n")]), 400, "GROUP_EXCEEDED")
            let infos = try #require(try await client.call("group_list").json?["group_infos"]?.array)
            #expect(infos.compactMap { $0["group_id"]?.string } == ["one", "two"])
            #expect(infos.first?["group_name"]?.string == "first")
        }
    }

    /// Every endpoint that names a library, with the fields it needs besides group_id.
    static let libraryEndpoints: [(String, [(String, String)])] = [
        ("group_info", []), ("get_size", []), ("free", []), ("list", []),
        ("face_info", [("face_token", String(repeating: "ab", count: 16))]),
        ("delete", [("face_tokens", String(repeating: "ab", count: 16))]),
        ("add", [("image", "aGVsbG8="), ("user_id", "u")]), ("search", [("image", "aGVsbG8=")]),
    ]

    @Test(arguments: libraryEndpoints.map(\.0))
    func anUnknownMissingOrBadGroupIDIsRefused(endpoint: String) async throws {
        let fields = Self.libraryEndpoints.first { $0.0 == endpoint }?.1 ?? []
        try await withAPI { api in
            let client = try await api.newClient()
            expectFailure(try await client.call(endpoint, [("group_id", "nope")] + fields), 400, "INVALID_GROUP_ID")
            expectFailure(try await client.call(endpoint, fields), 400, "MISSING_ARGUMENTS:group_id")
            expectFailure(try await client.call(endpoint, [("group_id", "no pe")] + fields), 400, "BAD_ARGUMENTS:group_id")
            #expect(api.model.analysesStarted == 0)
        }
    }

    @Test(arguments: TestBackend.allCases)
    func freeHonoursCheckEmpty(_ backend: TestBackend) async throws {
        try await withAPI(backend: backend) { api in
            let client = try await api.newClient()
            try await client.createLibrary("full")
            _ = try await api.seedFaces(count: 3, to: "full", of: client)
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

    @Test func anEmptyLibraryIsFreedWithTheDefaultCheck() async throws {
        try await withAPI { api in
            let client = try await api.newClient()
            try await client.createLibrary("empty")
            expectSuccess(try await client.call("free", [("group_id", "empty")]), fields: ["group_id"])
            expectFailure(try await client.call("free", [("group_id", "empty")]), 400, "INVALID_GROUP_ID")
        }
    }
}
