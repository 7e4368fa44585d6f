import Foundation
import Testing
import FaceAPI
import FaceTestSupport
import ReplyChecks

/// Contract §2 in-process: `sign_version` and `sign` are checked in order,
/// and every refusal names its reason. The server's clock is pinned, so each
/// time limit is tested at its edge.
@Suite struct AuthenticationTests {
    /// The server's pinned "now" (Unix seconds).
    static let now: Int64 = 1_800_000_000

    /// A harness whose server clock reads `now`.
    private func withPinnedAPI(_ body: @Sendable (APIHarness) async throws -> Void) async throws {
        try await withAPI(clock: { Self.now }, body)
    }

    private static func signed(_ credentials: Credentials, key: String? = nil, secret: String? = nil,
                               b: Int64, c: Int64, d: String = "0123456789", version: Signer.Version = .hmacSHA1) -> String {
        Signer.sign(raw: Signer.raw(apiKey: key ?? credentials.apiKey, expire: b, current: c, random: d),
                    secret: secret ?? credentials.apiSecret, version: version)
    }

    private static func groupList(_ client: FaceClient, sign: String?, version: String? = "hmac_sha1") async throws -> HTTPReply {
        try await client.call("group_list", signing: .custom(sign: sign, version: version))
    }

    @Test func missingOrUnknownSignVersionAndMissingSignAre400() async throws {
        try await withPinnedAPI { api in
            let client = try await api.newClient()
            let sign = Self.signed(client.credentials, b: Self.now + 60, c: Self.now)
            expectFailure(try await Self.groupList(client, sign: sign, version: nil), 400, "MISSING_ARGUMENTS:sign_version")
            expectFailure(try await Self.groupList(client, sign: sign, version: "hmac_md5"), 400, "BAD_ARGUMENTS:sign_version")
            expectFailure(try await Self.groupList(client, sign: sign, version: "HMAC_SHA1"), 400, "BAD_ARGUMENTS:sign_version")
            expectFailure(try await Self.groupList(client, sign: nil), 400, "MISSING_ARGUMENTS:sign")
        }
    }

    @Test func malformedSignsAreRefusedBeforeTheAppIsLookedUp() async throws {
        try await withPinnedAPI { api in
            let client = try await api.newClient()
            let credentials = client.credentials
            let now = Self.now
            let malformed = [
                "", "not base64 at all!", Data(repeating: 1, count: 20).base64EncodedString(),
                Self.signed(credentials, b: now + 60, c: now, d: "12345678901"),
                // b must be after c, and at most signature_max_validity (86400 s) after it.
                Self.signed(credentials, b: now, c: now + 60),
                Self.signed(credentials, b: now + 86_401, c: now),
                // An unknown key in a malformed sign is still only malformed.
                Self.signed(credentials, key: "unknown-key", b: now, c: now),
            ]
            for sign in malformed {
                expectFailure(try await Self.groupList(client, sign: sign), 403, "AUTHORIZATION_ERROR", reason: "MALFORMED_SIGN")
            }
        }
    }

    @Test func unknownKeyAndWrongSecretAreToldApart() async throws {
        try await withPinnedAPI { api in
            let client = try await api.newClient()
            let now = Self.now
            let unknown = Self.signed(client.credentials, key: "unknown-key", b: now + 60, c: now)
            expectFailure(try await Self.groupList(client, sign: unknown), 403, "AUTHORIZATION_ERROR", reason: "UNKNOWN_API_KEY")
            let wrong = Self.signed(client.credentials, secret: "wrong secret", b: now + 60, c: now)
            expectFailure(try await Self.groupList(client, sign: wrong), 403, "AUTHORIZATION_ERROR", reason: "INVALID_SIGN")
        }
    }

    @Test func timeLimitsHoldToTheSecond() async throws {
        try await withPinnedAPI { api in
            let client = try await api.newClient()
            let credentials = client.credentials
            let now = Self.now
            let cases: [(sign: String, reason: String?)] = [
                (Self.signed(credentials, b: now - 10, c: now - 100), "EXPIRED_SIGN"),
                (Self.signed(credentials, b: now - 1, c: now - 100), "EXPIRED_SIGN"),
                (Self.signed(credentials, b: now, c: now - 100), nil),
                // c may run ahead of the server's clock by the skew (300 s), no more.
                (Self.signed(credentials, b: now + 2000, c: now + 301), "NOT_YET_VALID"),
                (Self.signed(credentials, b: now + 2000, c: now + 300), nil),
                (Self.signed(credentials, b: now + 86_400, c: now + 200), nil),
                // Single use (b = 0): only within the skew of c.
                (Self.signed(credentials, b: 0, c: now - 301), "EXPIRED_SIGN"),
                (Self.signed(credentials, b: 0, c: now + 301), "NOT_YET_VALID"),
                (Self.signed(credentials, b: 0, c: now - 300), nil),
            ]
            for (sign, reason) in cases {
                let reply = try await Self.groupList(client, sign: sign)
                if let reason {
                    expectFailure(reply, 403, "AUTHORIZATION_ERROR", reason: reason)
                } else {
                    expectSuccess(reply, fields: ["group_infos"])
                }
            }
        }
    }

    @Test func bothVersionsSignAndAReusableSignWorksUntilItExpires() async throws {
        try await withAPI { api in
            let client = try await api.newClient()
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
        try await withAPI { api in
            let client = try await api.newClient()
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
        try await withAPI { api in
            let client = try await api.newClient()
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

    @Test func aDisabledAppIsRefusedOnlyOnceItProvedItsSecret() async throws {
        try await withPinnedAPI { api in
            let client = try await api.newClient()
            try await api.services.services.apps.setActive(false, apiKey: client.credentials.apiKey)
            let now = Self.now
            expectFailure(try await Self.groupList(client, sign: Self.signed(client.credentials, b: now + 60, c: now)),
                          403, "AUTHORIZATION_ERROR", reason: "DISABLED_APP")
            let guessed = Self.signed(client.credentials, secret: "guess", b: now + 60, c: now)
            expectFailure(try await Self.groupList(client, sign: guessed), 403, "AUTHORIZATION_ERROR", reason: "INVALID_SIGN")
            try await api.services.services.apps.setActive(true, apiKey: client.credentials.apiKey)
            expectSuccess(try await Self.groupList(client, sign: Self.signed(client.credentials, b: now + 60, c: now)),
                          fields: ["group_infos"])
        }
    }

    @Test func aRotatedSecretTakesEffectAtOnce() async throws {
        try await withAPI { api in
            let client = try await api.newClient()
            let rotated = try await api.services.services.apps.rotateSecret(apiKey: client.credentials.apiKey)
            expectFailure(try await client.call("group_list"), 403, "AUTHORIZATION_ERROR", reason: "INVALID_SIGN")
            let renewed = api.client(Credentials(apiKey: rotated.apiKey, apiSecret: rotated.apiSecret))
            expectSuccess(try await renewed.call("group_list"), fields: ["group_infos"])
        }
    }

    @Test func logsCarryTheAppButNoSecretOrSignature() async throws {
        try await withAPI { api in
            let credentials = try await api.createApp()
            let client = api.client(credentials)
            let sign = Signer.sign(credentials, validity: 60)
            _ = try await client.call("group_list", signing: .custom(sign: sign, version: "hmac_sha1"))
            let wrong = Signer.sign(Credentials(apiKey: credentials.apiKey, apiSecret: "guess"), validity: 60)
            _ = try await client.call("group_list", signing: .custom(sign: wrong, version: "hmac_sha1"))
            let requestLines = api.log.lines(withMessage: "request")
            #expect(requestLines.count == 2)
            #expect(requestLines.allSatisfy { $0.contains("request_id=") && $0.contains("time_used=") })
            #expect(requestLines.first?.contains("app=\(credentials.apiKey)") == true)
            #expect(requestLines.last?.contains("INVALID_SIGN") == true)
            let log = api.log.text
            #expect(!log.contains(credentials.apiSecret))
            #expect(!log.contains(sign) && !log.contains(wrong))
        }
    }
}
