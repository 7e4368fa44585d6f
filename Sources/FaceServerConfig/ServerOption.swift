/// One option of face-server: its key, the values it accepts, its default and a
/// line of help, declared once in `ServerOptions`.
///
/// Everything else follows from the declaration: the environment variable is
/// `FACE_SERVER_` + the key in capitals, the flag `--` + the key with dashes
/// (`max_body_bytes` → `FACE_SERVER_MAX_BODY_BYTES`, `--max-body-bytes`), the
/// config-file key is the key, and `--help` shows the help with the default.
public struct ServerOption<Value: Sendable & Equatable>: Sendable {
    public let key: String
    public let defaultValue: Value
    /// What the option does, for `--help` (the default is appended there).
    public let help: String
    /// What a valid value looks like, for error messages.
    public let expected: String
    private let read: @Sendable (ConfigValue) -> Value?
    private let show: @Sendable (Value) -> String

    /// - Parameters:
    ///   - read: the value a source gave, or nil when it is not valid for this option.
    ///   - show: how `--help` writes a value (the default).
    public init(_ key: String, default defaultValue: Value, expected: String, help: String,
                show: @escaping @Sendable (Value) -> String, read: @escaping @Sendable (ConfigValue) -> Value?) {
        self.key = key
        self.defaultValue = defaultValue
        self.expected = expected
        self.help = help
        self.show = show
        self.read = read
    }
}

extension ServerOption where Value == Int {
    /// An integer within `range`.
    public static func integer(_ key: String, default defaultValue: Int, in range: ClosedRange<Int>, help: String) -> Self {
        Self(key, default: defaultValue, expected: "an integer from \(range.lowerBound) to \(range.upperBound)",
             help: help, show: { String($0) }) { value in
            value.integerValue.flatMap { range.contains($0) ? $0 : nil }
        }
    }
}

extension ServerOption where Value == String {
    /// Text that must not be empty (an address, a directory).
    public static func text(_ key: String, default defaultValue: String, expected: String, help: String) -> Self {
        Self(key, default: defaultValue, expected: expected, help: help, show: { $0 }) { value in
            value.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        }
    }

    /// A file path, or empty (the default) for none.
    public static func path(_ key: String, help: String) -> Self {
        Self(key, default: "", expected: "a file path, or \"\" for none", help: help,
             show: { $0.isEmpty ? "none" : $0 }) { $0.stringValue }
    }
}

extension ServerOption where Value: RawRepresentable & CaseIterable, Value.RawValue == String {
    /// One of an enumeration's raw values.
    public static func choice(_ key: String, default defaultValue: Value, help: String) -> Self {
        Self(key, default: defaultValue, expected: Value.allCases.map(\.rawValue).joined(separator: "|"),
             help: help, show: \.rawValue) { value in
            value.stringValue.flatMap(Value.init(rawValue:))
        }
    }
}

/// What the loader, the flag reader and the help need of an option, whatever its type.
public protocol ConfigOption: Sendable {
    var key: String { get }
    var help: String { get }
    var expected: String { get }
    /// The default as `--help` writes it.
    var defaultText: String { get }
    /// Sets this option from `value`; false when the value is not valid for it.
    func apply(_ value: ConfigValue, to configuration: inout ServerConfiguration) -> Bool
    /// Whether the two configurations hold the same value of this option.
    func sameValue(in first: ServerConfiguration, and second: ServerConfiguration) -> Bool
}

extension ConfigOption {
    /// The environment variable that sets this option.
    public var environmentName: String { "FACE_SERVER_" + key.uppercased() }
    /// The command-line flag that sets this option.
    public var flagName: String { "--" + String(key.map { $0 == "_" ? "-" : $0 }) }
}

extension ServerOption: ConfigOption {
    public var defaultText: String { show(defaultValue) }

    public func apply(_ value: ConfigValue, to configuration: inout ServerConfiguration) -> Bool {
        guard let valid = read(value) else { return false }
        configuration[self] = valid
        return true
    }

    public func sameValue(in first: ServerConfiguration, and second: ServerConfiguration) -> Bool {
        first[self] == second[self]
    }
}
