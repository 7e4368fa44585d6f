import Testing
import FaceAPI
import FaceTestSupport
import ReplyChecks

/// What the front accepts as a request: the ten paths, POST only, multipart
/// or urlencoded bodies within the size limit; everything else gets its
/// documented error and changes nothing.
@Suite struct RequestShapeTests {
    private static let path = "/finauth/search/group/group_list"

    @Test(arguments: [("POST", "/finauth/search/group/nope"), ("GET", path), ("PUT", path), ("DELETE", path),
                      ("POST", "/"), ("GET", "/finauth/search/group/create?x=1"), ("POST", "/finauth/search/group")])
    func unknownPathsAndMethodsAnswerNotFound(method: String, path: String) async throws {
        try await withAPI { api in
            let client = try await api.newClient()
            expectFailure(try await client.post(path: path, contentType: nil, body: [], method: method), 404, "API_NOT_FOUND")
        }
    }

    @Test func everyEndpointAnswersOnItsPath() async throws {
        try await withAPI { api in
            let client = try await api.newClient()
            for endpoint in Endpoint.allCases where endpoint != .groupList {
                // Authenticated, so each fails only on its own missing argument.
                let reply = try await client.call(endpoint.rawValue)
                #expect(reply.status == 400, "\(endpoint): \(reply)")
                #expect(reply.json?["error"]?.string?.hasPrefix("MISSING_ARGUMENTS:") == true, "\(endpoint): \(reply)")
            }
            expectSuccess(try await client.call("group_list"), fields: ["group_infos"])
        }
    }

    /// A signed multipart body with a fixed boundary, and broken variants of it.
    private static func unreadableBodies(_ credentials: Credentials) -> [(String?, [UInt8], String)] {
        let valid = FormBody.multipart([("sign_version", .text("hmac_sha1")), ("sign", .text(Signer.sign(credentials)))],
                                       boundary: "XyZ")
        return [
            ("text/plain", Array("sign_version=hmac_sha1".utf8), "BAD_ARGUMENTS:content_type"),
            ("application/json", Array("{\"sign\":1}".utf8), "BAD_ARGUMENTS:content_type"),
            (nil, Array("sign_version=hmac_sha1".utf8), "BAD_ARGUMENTS:content_type"),
            ("multipart/form-data", valid.body, "BAD_ARGUMENTS:body"),
            ("multipart/form-data; boundary=other", valid.body, "BAD_ARGUMENTS:body"),
            (valid.contentType, Array(valid.body.dropLast(12)), "BAD_ARGUMENTS:body"),
            (valid.contentType, Array("--XyZ\r\nContent-Type: text/plain\r\n\r\nx\r\n--XyZ--".utf8), "BAD_ARGUMENTS:body"),
            ("application/x-www-form-urlencoded", Array("sign=%zz".utf8), "BAD_ARGUMENTS:body"),
            (nil, [], "MISSING_ARGUMENTS:sign_version"),
        ]
    }

    @Test func unreadableBodiesAreRefused() async throws {
        try await withAPI { api in
            let client = try await api.newClient()
            for (contentType, body, error) in Self.unreadableBodies(client.credentials) {
                expectFailure(try await client.post(path: Self.path, contentType: contentType, body: body), 400, error)
            }
            let valid = FormBody.multipart([("sign_version", .text("hmac_sha1")),
                                            ("sign", .text(Signer.sign(client.credentials)))], boundary: "XyZ")
            expectSuccess(try await client.post(path: Self.path, contentType: valid.contentType, body: valid.body),
                          fields: ["group_infos"])
        }
    }

    @Test func multipartAndURLEncodedBodiesGetTheSameAnswers() async throws {
        try await withAPI { api in
            let client = try await api.newClient()
            for (encoding, groupID) in [(FaceClient.Encoding.multipart, "m"), (.urlencoded, "u")] {
                let created = try await client.call("create", [("group_id", groupID), ("group_name", "n + m & o"),
                                                               ("group_data", "x=1;y=2")], encoding: encoding)
                expectSuccess(created, fields: ["group_id", "group_name", "group_data", "model_version"])
                #expect(created.json?["group_name"]?.string == "n + m & o" && created.json?["group_data"]?.string == "x=1;y=2")
                expectFailure(try await client.call("create", [("group_id", groupID), ("group_name", "n")], encoding: encoding),
                              400, "GROUP_EXIST")
                expectFailure(try await client.call("list", [("group_id", groupID), ("limit", "0")], encoding: encoding),
                              400, "BAD_ARGUMENTS:limit")
            }
        }
    }

    @Test func contentTypeParametersAndCaseAreTolerated() async throws {
        try await withAPI { api in
            let client = try await api.newClient()
            let (_, body) = FormBody.urlencoded([("sign_version", "hmac_sha1"), ("sign", Signer.sign(client.credentials))])
            for contentType in ["application/x-www-form-urlencoded; charset=utf-8", "Application/X-WWW-Form-URLEncoded"] {
                expectSuccess(try await client.post(path: Self.path, contentType: contentType, body: body), fields: ["group_infos"])
            }
            let multipart = FormBody.multipart([("sign_version", .text("hmac_sha1")),
                                                ("sign", .text(Signer.sign(client.credentials)))], boundary: "b-1")
            expectSuccess(try await client.post(path: Self.path, contentType: "multipart/form-data; boundary=\"b-1\"",
                                                body: multipart.body), fields: ["group_infos"])
        }
    }

    @Test func theFirstOfRepeatedFieldsCounts() async throws {
        try await withAPI { api in
            let client = try await api.newClient()
            try await client.createLibrary("g")
            expectFailure(try await client.call("get_size", parts: [("group_id", .text("nope")), ("group_id", .text("g"))]),
                          400, "INVALID_GROUP_ID")
            expectSuccess(try await client.call("get_size", [("group_id", "g"), ("group_id", "nope")], encoding: .urlencoded),
                          fields: ["group_id", "face_count"])
        }
    }

    @Test func invalidUTF8AndInjectionAttemptsAreBadArguments() async throws {
        try await withAPI { api in
            let client = try await api.newClient()
            try await client.createLibrary("g")
            let invalidUTF8: [UInt8] = [0x67, 0xFF, 0xFE, 0xC0, 0x80]
            let cases: [(String, [(String, FormBody.Part)], String)] = [
                ("group_info", [("group_id", .raw(invalidUTF8))], "BAD_ARGUMENTS:group_id"),
                ("create", [("group_id", .text("n")), ("group_name", .raw(invalidUTF8))], "BAD_ARGUMENTS:group_name"),
                ("create", [("group_id", .text("n")), ("group_name", .text("N")), ("group_data", .raw(invalidUTF8))],
                 "BAD_ARGUMENTS:group_data"),
                ("get_size", [("group_id", .text("g' OR '1'='1"))], "BAD_ARGUMENTS:group_id"),
                ("list", [("group_id", .text("g\"; DROP TABLE faces; --"))], "BAD_ARGUMENTS:group_id"),
                ("face_info", [("group_id", .text("g")), ("face_token", .text("' OR 1=1 --"))], "BAD_ARGUMENTS:face_token"),
                ("face_info", [("group_id", .text("g")), ("face_token", .raw(invalidUTF8))], "BAD_ARGUMENTS:face_token"),
            ]
            for (endpoint, parts, error) in cases {
                expectFailure(try await client.call(endpoint, parts: parts), 400, error)
            }
            #expect(try await client.call("group_list").json?["group_infos"]?.array?.compactMap { $0["group_id"]?.string } == ["g"])
        }
    }

    @Test func aBodyOverTheLimitGets413AndOneWithinIsRead() async throws {
        var settings = APISettings.defaults
        settings.maxBodyBytes = 4096
        try await withAPI(settings: settings) { api in
            let client = try await api.newClient()
            let filler = [UInt8](repeating: UInt8(ascii: "a"), count: 4096 - 2)
            expectFailure(try await client.post(path: Self.path, contentType: "application/x-www-form-urlencoded",
                                                body: Array("x=".utf8) + filler + [UInt8(ascii: "a")]),
                          413, "REQUEST_ENTITY_TOO_LARGE")
            // Exactly at the limit is read (and then fails only on its missing fields).
            expectFailure(try await client.post(path: Self.path, contentType: "application/x-www-form-urlencoded",
                                                body: Array("x=".utf8) + filler), 400, "MISSING_ARGUMENTS:sign_version")
            expectSuccess(try await client.call("group_list"), fields: ["group_infos"])
        }
    }
}
