/// The configured behaviour of the HTTP front.
public struct APISettings: Sendable, Equatable {
    /// Largest request body accepted (default 8 MB); larger ones get 413.
    public var maxBodyBytes: Int
    public var signaturePolicy: SignaturePolicy
    /// The zone in which `add_time` of libraries is shown.
    public var displayZone: DisplayTimeZone

    /// The contract's defaults.
    public static let defaults = APISettings(maxBodyBytes: 8 * 1024 * 1024, signaturePolicy: .defaults,
                                             displayZone: .defaultZone)

    /// Sets every option.
    public init(maxBodyBytes: Int, signaturePolicy: SignaturePolicy, displayZone: DisplayTimeZone) {
        self.maxBodyBytes = maxBodyBytes
        self.signaturePolicy = signaturePolicy
        self.displayZone = displayZone
    }
}
