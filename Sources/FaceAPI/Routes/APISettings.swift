import NIOCore

/// The configured behaviour of the HTTP front.
public struct APISettings: Sendable, Equatable {
    /// Largest request body accepted (default 8 MB); larger ones get 413.
    public var maxBodyBytes: Int
    public var signaturePolicy: SignaturePolicy
    /// The zone in which `add_time` of libraries is shown.
    public var displayZone: DisplayTimeZone
    /// How long a client may take to send a request (default 60 s): a
    /// connection with no request under way for this long is closed, and so is
    /// one whose request body is not complete this long after its head.
    public var readTimeout: TimeAmount
    /// Requests one app may have in flight (0: no cap); more get `CONCURRENCY_LIMIT_EXCEEDED`.
    public var maxConcurrentRequestsPerApp: Int

    /// The contract's defaults.
    public static let defaults = APISettings(maxBodyBytes: 8 * 1024 * 1024, signaturePolicy: .defaults,
                                             displayZone: .defaultZone, readTimeout: .seconds(60))

    /// Sets every option.
    public init(maxBodyBytes: Int, signaturePolicy: SignaturePolicy, displayZone: DisplayTimeZone,
                readTimeout: TimeAmount = .seconds(60), maxConcurrentRequestsPerApp: Int = 16) {
        self.maxBodyBytes = maxBodyBytes
        self.signaturePolicy = signaturePolicy
        self.displayZone = displayZone
        self.readTimeout = readTimeout
        self.maxConcurrentRequestsPerApp = maxConcurrentRequestsPerApp
    }
}
