/// The configured time rules for signatures.
public struct SignaturePolicy: Sendable, Equatable {
    /// Longest allowed `b - c`, in seconds (default one day).
    public var maxValidity: Int64
    /// Allowed clock difference between client and server, in seconds (default 300).
    public var skew: Int64

    /// The contract's defaults.
    public static let defaults = SignaturePolicy(maxValidity: 86_400, skew: 300)

    /// Sets both rules.
    public init(maxValidity: Int64, skew: Int64) {
        self.maxValidity = maxValidity
        self.skew = skew
    }
}
