/// The configured behaviour of the HTTP front.
public struct APISettings: Sendable, Equatable {
    /// Largest request body accepted (default 8 MB); larger ones get 413.
    public var maxBodyBytes: Int
    public var signaturePolicy: SignaturePolicy
    /// The zone in which `add_time` of libraries is shown.
    public var displayZone: DisplayTimeZone
    /// Requests one app may have in flight (0: no cap); more get `CONCURRENCY_LIMIT_EXCEEDED`.
    public var maxConcurrentRequestsPerApp: Int

    /// The contract's defaults.
    public static let defaults = APISettings(maxBodyBytes: 8 * 1024 * 1024, signaturePolicy: .defaults,
                                             displayZone: .defaultZone)

    /// Sets every option.
    public init(maxBodyBytes: Int, signaturePolicy: SignaturePolicy, displayZone: DisplayTimeZone,
                maxConcurrentRequestsPerApp: Int = 16) {
        self.maxBodyBytes = maxBodyBytes
        self.signaturePolicy = signaturePolicy
        self.displayZone = displayZone
        self.maxConcurrentRequestsPerApp = maxConcurrentRequestsPerApp
    }
}
