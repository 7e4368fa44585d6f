import Foundation
import Testing
import FaceLibrary
import FaceTestSupport
@testable import FaceAPI
@testable import FaceStore

/// The contract's published sample (§2).
enum PublishedVector {
    static let apiKey = "ICVvC_xUs6177WEtyUNwIH8J6NfGu50t"
    static let apiSecret = "UjYGdN9CBZKsDBLB5-5v3DykPXY6dw3q"
    static let raw = "a=ICVvC_xUs6177WEtyUNwIH8J6NfGu50t&b=1530762218&c=1530762118&d=0799687066"
    static let sign = "SPzLRbDBgTGC2A8YdDaa7Jrny+5hPUlDVnZDX3hVczYxNzdXRXR5VU53SUg4SjZOZkd1NTB0JmI9MTUzMDc2MjIxOCZjPTE1MzA3NjIxMTgmZD0wNzk5Njg3MDY2"
}

@Suite struct SignatureTests {
    @Test func publishedVectorDigestMatches() throws {
        let digest = SignVersion.hmacSHA1.hmac(key: Array(PublishedVector.apiSecret.utf8), message: Array(PublishedVector.raw.utf8))
        #expect(Data(digest + Array(PublishedVector.raw.utf8)).base64EncodedString() == PublishedVector.sign)
    }

    @Test func publishedVectorParses() throws {
        let signature = try #require(Signature(sign: PublishedVector.sign, version: .hmacSHA1))
        #expect(signature.apiKey == PublishedVector.apiKey)
        #expect(signature.expireTime == 1_530_762_218 && signature.currentTime == 1_530_762_118)
        #expect(signature.random == "0799687066")
        #expect(signature.raw == Array(PublishedVector.raw.utf8) && signature.digest.count == 20)
    }

    @Test func malformedSignsDoNotParse() {
        func sign(_ raw: String, digest: Int = 20) -> String { Data([UInt8](repeating: 7, count: digest) + Array(raw.utf8)).base64EncodedString() }
        let bad = [
            "", "%%%", sign("", digest: 20), sign("a=k&b=2&c=1"), sign("a=k&b=2&c=1&d=1&e=2"), sign("b=2&a=k&c=1&d=1"),
            sign("a=&b=2&c=1&d=1"), sign("a=k&b=x&c=1&d=1"), sign("a=k&b=2&c=-1&d=1"), sign("a=k&b=2&c=1&d="),
            sign("a=k&b=2&c=1&d=12345678901"), sign("a=k k&b=2&c=1&d=1"), sign("a=k&b=1234567890123456789&c=1&d=1"),
        ]
        for text in bad { #expect(Signature(sign: text, version: .hmacSHA1) == nil, "\(text)") }
        #expect(Signature(sign: sign("a=k&b=2&c=1&d=0000000000"), version: .hmacSHA1) != nil)
        #expect(Signature(sign: sign("a=k&b=2&c=1&d=1"), version: .hmacSHA256) == nil)
        #expect(Signature(sign: sign("a=k&b=2&c=1&d=1", digest: 32), version: .hmacSHA256) != nil)
    }

    @Test func constantTimeComparison() {
        #expect(SignatureVerifier.constantTimeEqual([1, 2, 3], [1, 2, 3]))
        #expect(!SignatureVerifier.constantTimeEqual([1, 2, 3], [1, 2, 4]))
        #expect(!SignatureVerifier.constantTimeEqual([1, 2, 3], [1, 2]))
    }
}

/// The verifier against a real store holding the published app, with a fixed clock.
@Suite struct SignatureVerifierTests {
    let directory: TemporaryDirectory
    let apps: AppRegistry
    let storePath: String

    init() async throws {
        directory = try TemporaryDirectory(prefix: "verifier")
        let store = try SQLiteFaceStore(directory: directory.path)
        let sealer = SecretSealer(key: try SealingKeyFile.loadOrCreate(in: directory.path))
        _ = try await store.insertApp(NewAppRecord(
            apiKey: PublishedVector.apiKey, name: "sample",
            sealedSecret: try sealer.seal(Array(PublishedVector.apiSecret.utf8), apiKey: PublishedVector.apiKey),
            maxGroups: 10, maxFaces: 10, createdAt: 0))
        apps = AppRegistry(storage: store, sealer: sealer)
        storePath = store.path
    }

    private func verifier(at now: Int64, policy: SignaturePolicy = .defaults) -> SignatureVerifier {
        SignatureVerifier(apps: apps, policy: policy, clock: { now })
    }

    private func form(sign: String, version: String = "hmac_sha1") -> FormFields {
        var form = FormFields()
        form.append(name: "sign_version", value: ArgumentValue(text: version))
        form.append(name: "sign", value: ArgumentValue(text: sign))
        return form
    }

    private func reason(_ verifier: SignatureVerifier, _ form: FormFields) async -> AuthFailure? {
        do {
            _ = try await verifier.authenticate(form)
            return nil
        } catch {
            return error as? AuthFailure
        }
    }

    @Test func publishedVectorAuthenticatesWhileValid() async throws {
        defer { directory.remove() }
        let app = try await verifier(at: 1_530_762_118).authenticate(form(sign: PublishedVector.sign))
        #expect(app.apiKey == PublishedVector.apiKey)
        #expect(await reason(verifier(at: 1_530_762_218), form(sign: PublishedVector.sign)) == nil)
        #expect(await reason(verifier(at: 1_530_762_219), form(sign: PublishedVector.sign)) == .rejected(.expiredSign))
        #expect(await reason(verifier(at: 1_530_762_118 - 301), form(sign: PublishedVector.sign)) == .rejected(.notYetValid))
        #expect(await reason(verifier(at: 1_530_762_118 - 300), form(sign: PublishedVector.sign)) == nil)
        #expect(await reason(verifier(at: 1_530_762_118, policy: SignaturePolicy(maxValidity: 99, skew: 300)),
                             form(sign: PublishedVector.sign)) == .rejected(.malformedSign))
    }

    @Test func fieldsAndSecretsAreChecked() async throws {
        defer { directory.remove() }
        let verifier = verifier(at: 1_530_762_118)
        var missingVersion = FormFields()
        missingVersion.append(name: "sign", value: ArgumentValue(text: PublishedVector.sign))
        #expect(await reason(verifier, missingVersion) == .missingSignVersion)
        #expect(await reason(verifier, form(sign: PublishedVector.sign, version: "HMAC_SHA1")) == .badSignVersion)
        var missingSign = FormFields()
        missingSign.append(name: "sign_version", value: ArgumentValue(text: "hmac_sha1"))
        #expect(await reason(verifier, missingSign) == .missingSign)
        let forged = Signer.sign(raw: PublishedVector.raw, secret: "not the secret", version: .hmacSHA1)
        #expect(await reason(verifier, form(sign: forged)) == .rejected(.invalidSign))
        let stranger = Signer.sign(raw: PublishedVector.raw.replacingOccurrences(of: "a=ICV", with: "a=XCV"),
                                   secret: PublishedVector.apiSecret, version: .hmacSHA1)
        #expect(await reason(verifier, form(sign: stranger)) == .rejected(.unknownAPIKey))
        let sha256 = Signer.sign(raw: PublishedVector.raw, secret: PublishedVector.apiSecret, version: .hmacSHA256)
        #expect(await reason(verifier, form(sign: sha256, version: "hmac_sha256")) == nil)
    }

    @Test func aDigestOfTheOtherVersionIsAnInvalidSign() async throws {
        defer { directory.remove() }
        let verifier = verifier(at: 1_530_762_118)
        let sha256 = Signer.sign(raw: PublishedVector.raw, secret: PublishedVector.apiSecret, version: .hmacSHA256)
        #expect(await reason(verifier, form(sign: sha256, version: "hmac_sha1")) == .rejected(.invalidSign))
        #expect(await reason(verifier, form(sign: PublishedVector.sign, version: "hmac_sha256")) == .rejected(.invalidSign))
        // Still checked in order: an unknown key inside a digest of the other length is UNKNOWN_API_KEY.
        let stranger = Signer.sign(raw: PublishedVector.raw.replacingOccurrences(of: "a=ICV", with: "a=XCV"),
                                   secret: PublishedVector.apiSecret, version: .hmacSHA256)
        #expect(await reason(verifier, form(sign: stranger, version: "hmac_sha1")) == .rejected(.unknownAPIKey))
        // A digest of neither length leaves raw unparsable.
        let short = Data([UInt8](repeating: 7, count: 24) + Array(PublishedVector.raw.utf8)).base64EncodedString()
        #expect(await reason(verifier, form(sign: short)) == .rejected(.malformedSign))
    }

    @Test func aSpaceInSignIsAnUnescapedPlus() async throws {
        defer { directory.remove() }
        #expect(PublishedVector.sign.contains("+"))
        let spaced = PublishedVector.sign.replacingOccurrences(of: "+", with: " ")
        let app = try await verifier(at: 1_530_762_118).authenticate(form(sign: spaced))
        #expect(app.apiKey == PublishedVector.apiKey)
    }

    @Test func singleUseSignaturesOfOneAppDoNotCrowdOutAnother() async throws {
        defer { directory.remove() }
        let other = try await apps.createApp(name: "other")
        let verifier = SignatureVerifier(apps: apps, policy: .defaults, replayCapacityPerApp: 3, clock: { 1_000_000 })
        func once(_ key: String, _ secret: String, _ random: Int) -> FormFields {
            let raw = Signer.raw(apiKey: key, expire: 0, current: 1_000_000, random: String(random))
            return form(sign: Signer.sign(raw: raw, secret: secret, version: .hmacSHA1))
        }
        for random in 0..<3 {
            #expect(await reason(verifier, once(PublishedVector.apiKey, PublishedVector.apiSecret, random)) == nil)
        }
        #expect(await reason(verifier, once(PublishedVector.apiKey, PublishedVector.apiSecret, 3)) == .replayCacheFull)
        #expect(await reason(verifier, once(other.apiKey, other.apiSecret, 0)) == nil)
        #expect(await reason(verifier, once(other.apiKey, other.apiSecret, 0)) == .rejected(.replayedSign))
    }

    @Test func disabledAppIsRefusedOnlyAfterItsSignatureChecks() async throws {
        defer { directory.remove() }
        try SQLiteConnection(path: storePath).execute("UPDATE apps SET state = 'disabled'")
        let verifier = verifier(at: 1_530_762_118)
        #expect(await reason(verifier, form(sign: PublishedVector.sign)) == .rejected(.disabledApp))
        let forged = Signer.sign(raw: PublishedVector.raw, secret: "guess", version: .hmacSHA1)
        #expect(await reason(verifier, form(sign: forged)) == .rejected(.invalidSign))
    }

    @Test func singleUseSignaturesWorkOnceNearTheirTime() async throws {
        defer { directory.remove() }
        let raw = Signer.raw(apiKey: PublishedVector.apiKey, expire: 0, current: 1_000_000, random: "42")
        let once = form(sign: Signer.sign(raw: raw, secret: PublishedVector.apiSecret, version: .hmacSHA1))
        let verifier = verifier(at: 1_000_100)
        #expect(await reason(verifier, once) == nil)
        #expect(await reason(verifier, once) == .rejected(.replayedSign))
        #expect(await reason(self.verifier(at: 1_000_301), once) == .rejected(.expiredSign))
        #expect(await reason(self.verifier(at: 999_699), once) == .rejected(.notYetValid))
    }
}

@Suite struct ReplayCacheTests {
    @Test func remembersUntilExpiryAndFailsClosedWhenFull() {
        let cache = ReplayCache(capacityPerApp: 2, skew: 300)
        #expect(cache.use([1], app: "a", until: 1300, now: 1000) == .firstUse)
        #expect(cache.use([1], app: "a", until: 1300, now: 1001) == .replayed)
        #expect(cache.use([2], app: "a", until: 1100, now: 1001) == .firstUse)
        #expect(cache.use([3], app: "a", until: 1400, now: 1002) == .full)
        // Once [2] has expired, its slot is reused; [1] is still remembered.
        #expect(cache.use([3], app: "a", until: 1400, now: 1101) == .firstUse)
        #expect(cache.use([1], app: "a", until: 1300, now: 1102) == .replayed)
        #expect(cache.count(app: "a") == 2)
    }

    @Test func eachAppHasItsOwnShare() {
        let cache = ReplayCache(capacityPerApp: 2, skew: 300)
        #expect(cache.use([1], app: "greedy", until: 1300, now: 1000) == .firstUse)
        #expect(cache.use([2], app: "greedy", until: 1300, now: 1000) == .firstUse)
        #expect(cache.use([3], app: "greedy", until: 1300, now: 1000) == .full)
        // The greedy app's full table neither refuses nor replays another app's signatures.
        #expect(cache.use([3], app: "other", until: 1300, now: 1000) == .firstUse)
        #expect(cache.use([1], app: "other", until: 1300, now: 1000) == .firstUse)
        #expect(cache.use([1], app: "other", until: 1300, now: 1001) == .replayed)
        #expect(cache.count(app: "greedy") == 2 && cache.count(app: "other") == 2)
    }

    @Test func digestsDifferingAfterTheKeptBytesAreOneEntry() {
        let cache = ReplayCache(capacityPerApp: 10, skew: 300)
        let digest = [UInt8](0..<20)
        #expect(cache.use(digest, app: "a", until: 1300, now: 1000) == .firstUse)
        #expect(cache.use(Array(digest.prefix(16)) + [9, 9, 9, 9], app: "a", until: 1300, now: 1000) == .replayed)
        #expect(cache.use([255] + Array(digest.dropFirst()), app: "a", until: 1300, now: 1000) == .firstUse)
    }
}
