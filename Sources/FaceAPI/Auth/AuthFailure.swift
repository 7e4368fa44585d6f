/// Why a request was not authenticated (contract §2).
public enum AuthFailure: Error, Equatable, Sendable {
    case missingSignVersion
    case badSignVersion
    case missingSign
    /// 403 AUTHORIZATION_ERROR with a `reason`.
    case rejected(Reason)
    /// Too many single-use signatures inside one skew window to remember them all.
    case replayCacheFull

    /// The `reason` field of a 403 AUTHORIZATION_ERROR.
    public enum Reason: String, Sendable {
        case malformedSign = "MALFORMED_SIGN"
        case unknownAPIKey = "UNKNOWN_API_KEY"
        case invalidSign = "INVALID_SIGN"
        case expiredSign = "EXPIRED_SIGN"
        case notYetValid = "NOT_YET_VALID"
        case replayedSign = "REPLAYED_SIGN"
        case disabledApp = "DISABLED_APP"
    }
}
