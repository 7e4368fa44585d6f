import Foundation
import Testing
import FaceTestSupport

@Suite struct AuthenticationTests {
    @Test func signatureFieldsAreChecked() async throws {
        try await withServer { server in
            let credentials = try await server.createApp()
            let client = server.client(credentials)
            let now = Int64(Date().timeIntervalSince1970)
            func signed(_ key: String = credentials.apiKey, secret: String = credentials.apiSecret,
                        b: Int64, c: Int64, d: String = "0123456789") -> String {
                Signer.sign(raw: Signer.raw(apiKey: key, expire: b, current: c, random: d), secret: secret, version: .hmacSHA1)
            }
            func call(sign: String?, version: String? = "hmac_sha1") async throws -> HTTPReply {
                try await client.call("group_list", signing: .custom(sign: sign, version: version))
            }
            expectFailure(try await call(sign: signed(b: now + 60, c: now), version: nil), 400, "MISSING_ARGUMENTS:sign_version")
            expectFailure(try await call(sign: signed(b: now + 60, c: now), version: "hmac_md5"), 400, "BAD_ARGUMENTS:sign_version")
            expectFailure(try await call(sign: nil), 400, "MISSING_ARGUMENTS:sign")

            let forbidden: [(String, String)] = [
                ("", "MALFORMED_SIGN"),
                ("not base64 at all!", "MALFORMED_SIGN"),
                (Data(repeating: 1, count: 20).base64EncodedString(), "MALFORMED_SIGN"),
                (signed(b: now + 60, c: now, d: "12345678901"), "MALFORMED_SIGN"),
                (signed(b: now, c: now + 60), "MALFORMED_SIGN"),
                (signed(b: now + 86_401, c: now), "MALFORMED_SIGN"),
                (signed("unknown-key", b: now + 60, c: now), "UNKNOWN_API_KEY"),
                (signed(secret: "wrong secret", b: now + 60, c: now), "INVALID_SIGN"),
                (signed(b: now - 10, c: now - 100), "EXPIRED_SIGN"),
                (signed(b: now + 2000, c: now + 1000), "NOT_YET_VALID"),
                (signed(b: 0, c: now - 400), "EXPIRED_SIGN"),
                (signed(b: 0, c: now + 400), "NOT_YET_VALID"),
            ]
            for (sign, reason) in forbidden {
                expectFailure(try await call(sign: sign), 403, "AUTHORIZATION_ERROR", reason: reason)
            }
            // Within the skew and the maximum validity, signatures are accepted.
            expectSuccess(try await call(sign: signed(b: now + 86_400, c: now + 200)), fields: ["group_infos"])
        }
    }

    @Test func bothVersionsAndReuseUntilExpiry() async throws {
        try await withServer { server in
            let client = server.client(try await server.createApp())
            expectSuccess(try await client.call("group_list", signing: .fresh(.hmacSHA256, validity: 60)), fields: ["group_infos"])
            let reusable = Signer.sign(client.credentials, version: .hmacSHA1, validity: 60)
            for _ in 0..<2 {
                expectSuccess(try await client.call("group_list", signing: .custom(sign: reusable, version: "hmac_sha1")),
                              fields: ["group_infos"])
            }
            // A well-formed signature of the other HMAC is a wrong digest, not a malformed sign.
            expectFailure(try await client.call("group_list", signing: .custom(sign: reusable, version: "hmac_sha256")),
                          403, "AUTHORIZATION_ERROR", reason: "INVALID_SIGN")
            let sha256 = Signer.sign(client.credentials, version: .hmacSHA256, validity: 60)
            expectFailure(try await client.call("group_list", signing: .custom(sign: sha256, version: "hmac_sha1")),
                          403, "AUTHORIZATION_ERROR", reason: "INVALID_SIGN")
        }
    }

    @Test func anUnescapedPlusInAURLEncodedSignIsTolerated() async throws {
        try await withServer { server in
            let client = server.client(try await server.createApp())
            var sign = Signer.sign(client.credentials, validity: 60)
            while !sign.contains("+") { sign = Signer.sign(client.credentials, validity: 60) }
            // As a careless client writes it: the base64 put into the body without escaping.
            let body = Array("sign_version=hmac_sha1&sign=\(sign)".utf8)
            expectSuccess(try await client.post(path: "/finauth/search/group/group_list",
                                                contentType: "application/x-www-form-urlencoded", body: body),
                          fields: ["group_infos"])
        }
    }

    @Test func singleUseSignaturesAreRefusedTheSecondTime() async throws {
        try await withServer { server in
            let client = server.client(try await server.createApp())
            let once = Signer.sign(client.credentials, version: .hmacSHA256, validity: 0)
            let signing = FaceClient.Signing.custom(sign: once, version: "hmac_sha256")
            expectSuccess(try await client.call("create", [("group_id", "g"), ("group_name", "n")], signing: signing),
                          fields: ["group_id", "group_name", "group_data", "model_version"])
            expectFailure(try await client.call("create", [("group_id", "h"), ("group_name", "n")], signing: signing),
                          403, "AUTHORIZATION_ERROR", reason: "REPLAYED_SIGN")
            #expect(try await client.call("group_list").json?["group_infos"]?.array?.count == 1)
            // Documented: authentication comes first, so a single-use signature is spent
            // even when its request then fails on its arguments.
            let spent = FaceClient.Signing.custom(sign: Signer.sign(client.credentials, validity: 0), version: "hmac_sha1")
            expectFailure(try await client.call("create", [("group_id", "bad id")], signing: spent), 400, "BAD_ARGUMENTS:group_id")
            expectFailure(try await client.call("create", [("group_id", "k"), ("group_name", "n")], signing: spent),
                          403, "AUTHORIZATION_ERROR", reason: "REPLAYED_SIGN")
        }
    }

    @Test func logsCarryTheAppButNoSecretOrSignature() async throws {
        try await withServer { server in
            let credentials = try await server.createApp()
            let client = server.client(credentials)
            let sign = Signer.sign(credentials, validity: 60)
            _ = try await client.call("group_list", signing: .custom(sign: sign, version: "hmac_sha1"))
            let wrong = Signer.sign(Credentials(apiKey: credentials.apiKey, apiSecret: "guess"), validity: 60)
            _ = try await client.call("group_list", signing: .custom(sign: wrong, version: "hmac_sha1"))
            let log = server.logText()
            let requestLines = log.split(separator: "\n").filter { $0.contains("\"message\":\"request\"") }
            #expect(requestLines.count == 2)
            #expect(requestLines.allSatisfy { $0.contains("\"request_id\"") && $0.contains("\"time_used\"") })
            #expect(requestLines.first?.contains(credentials.apiKey) == true)
            #expect(requestLines.last?.contains("INVALID_SIGN") == true)
            #expect(!log.contains(credentials.apiSecret))
            #expect(!log.contains(sign) && !log.contains(wrong))
        }
    }
}
