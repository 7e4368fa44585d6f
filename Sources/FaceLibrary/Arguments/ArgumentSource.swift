/// Where a request's fields come from (a decoded HTTP form, a test, a script).
///
/// The service layer owns this seam so that every rule about a field — which
/// are required, their charset, lengths and ranges, and the order in which
/// they are checked — lives here, not in the HTTP front.
public protocol ArgumentSource: Sendable {
    /// The first value sent for `name`, or nil when the field is absent.
    func argument(named name: String) -> ArgumentValue?
}

/// One field's raw value: its bytes, and whether it arrived as a file part.
public struct ArgumentValue: Sendable, Equatable {
    public var bytes: [UInt8]
    /// True for a multipart part that carried a `filename`.
    public var isFile: Bool

    /// Wraps a field value.
    public init(bytes: [UInt8], isFile: Bool = false) {
        self.bytes = bytes
        self.isFile = isFile
    }

    /// Wraps a text value.
    public init(text: String) {
        self.init(bytes: Array(text.utf8))
    }
}

extension Dictionary: ArgumentSource where Key == String, Value == String {
    /// A plain dictionary of text fields, convenient for tools and tests.
    public func argument(named name: String) -> ArgumentValue? {
        self[name].map(ArgumentValue.init(text:))
    }
}
