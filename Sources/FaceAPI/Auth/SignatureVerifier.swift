import COpenSSL
import FaceLibrary
import Foundation

// Design note: the order of checks is part of the contract (§2) and of what
// an unauthenticated caller can learn. Field presence and version first (400),
// then the shape of `sign`, then the app, then the HMAC (constant time); only
// a caller who proved knowledge of the secret learns that the app is disabled
// or that the signature's time has run out or was already used.
//
//   sign_version ─▶ sign ─▶ parse ─▶ app lookup ─▶ HMAC ─▶ disabled? ─▶ times ─▶ replay (b = 0)
//
// A `sign` whose raw parses only with the other version's digest length was
// signed with the other HMAC: well-formed, so MALFORMED_SIGN would mislead the
// client; it fails where any wrong digest fails, at the HMAC (INVALID_SIGN).

/// Authenticates a request from its `sign` and `sign_version` fields.
public struct SignatureVerifier: Sendable {
    private let apps: AppRegistry
    private let policy: SignaturePolicy
    private let replayCache: ReplayCache
    /// Where single-use signatures are recorded when several nodes share a
    /// database (instead of this process's `replayCache`).
    private let sharedSignatures: SharedSignatures?
    private let clock: @Sendable () -> Int64

    /// Checks signatures against `apps` under `policy`; `clock` gives Unix
    /// seconds. Single-use signatures go to `sharedSignatures` when given.
    public init(apps: AppRegistry, policy: SignaturePolicy, sharedSignatures: SharedSignatures? = nil,
                clock: @escaping @Sendable () -> Int64 = systemClock) {
        self.init(apps: apps, policy: policy, replayCapacityPerApp: ReplayCache.defaultCapacityPerApp,
                  sharedSignatures: sharedSignatures, clock: clock)
    }

    /// As above, remembering at most `replayCapacityPerApp` live single-use signatures per app.
    init(apps: AppRegistry, policy: SignaturePolicy, replayCapacityPerApp: Int,
         sharedSignatures: SharedSignatures? = nil, clock: @escaping @Sendable () -> Int64 = systemClock) {
        self.apps = apps
        self.policy = policy
        self.replayCache = ReplayCache(capacityPerApp: replayCapacityPerApp, skew: policy.skew)
        self.sharedSignatures = sharedSignatures
        self.clock = clock
    }

    /// Unix seconds from the system clock.
    public static let systemClock: @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970) }

    /// The app that signed the request.
    ///
    /// - Throws: `AuthFailure` for a request that is not authentic; other
    ///   errors when the app could not be looked up.
    public func authenticate(_ form: FormFields) async throws -> TenantApp {
        guard let versionText = form.text("sign_version") else {
            throw form.argument(named: "sign_version") == nil ? AuthFailure.missingSignVersion : .badSignVersion
        }
        guard let version = SignVersion(rawValue: versionText) else { throw AuthFailure.badSignVersion }
        guard let signValue = form.argument(named: "sign") else { throw AuthFailure.missingSign }
        guard let signText = String(validating: signValue.bytes, as: UTF8.self),
              let signature = Self.parse(signText, declared: version),
              signature.expireTime == 0 || signature.currentTime < signature.expireTime,
              signature.expireTime - signature.currentTime <= policy.maxValidity
        else { throw AuthFailure.rejected(.malformedSign) }

        guard let app = try await apps.app(apiKey: signature.apiKey) else {
            throw AuthFailure.rejected(.unknownAPIKey)
        }
        guard signature.version == version else { throw AuthFailure.rejected(.invalidSign) }
        let expected = version.hmac(key: app.secret, message: signature.raw)
        guard Self.constantTimeEqual(expected, signature.digest) else { throw AuthFailure.rejected(.invalidSign) }
        guard app.isActive else { throw AuthFailure.rejected(.disabledApp) }
        let now = clock()
        try checkTimes(signature, app: app, now: now)
        if signature.expireTime == 0, let sharedSignatures {
            let expiry = signature.currentTime + policy.skew
            guard try await sharedSignatures.use(signature.digest, until: expiry, now: now,
                                                 sweepInterval: max(1, policy.skew / 4)) else {
                throw AuthFailure.rejected(.replayedSign)
            }
        }
        return app
    }

    /// `sign` read with the declared version's digest length, else with another's.
    private static func parse(_ sign: String, declared: SignVersion) -> Signature? {
        ([declared] + SignVersion.allCases.filter { $0 != declared }).lazy
            .compactMap { Signature(sign: sign, version: $0) }.first
    }

    private func checkTimes(_ signature: Signature, app: TenantApp, now: Int64) throws(AuthFailure) {
        if signature.currentTime > now + policy.skew { throw .rejected(.notYetValid) }
        guard signature.expireTime == 0 else {
            if now > signature.expireTime { throw .rejected(.expiredSign) }
            return
        }
        // Single use: valid only near `c`, and only once (recorded in the
        // shared database instead, when there is one).
        if signature.currentTime < now - policy.skew { throw .rejected(.expiredSign) }
        guard sharedSignatures == nil else { return }
        switch replayCache.use(signature.digest, app: app.apiKey, until: signature.currentTime + policy.skew, now: now) {
        case .firstUse: return
        case .replayed: throw .rejected(.replayedSign)
        case .full: throw .replayCacheFull
        }
    }

    /// Compares two digests in time independent of where they differ.
    static func constantTimeEqual(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        // Lengths are public (fixed by sign_version); contents are compared by CRYPTO_memcmp.
        lhs.count == rhs.count && CRYPTO_memcmp(lhs, rhs, lhs.count) == 0
    }
}
