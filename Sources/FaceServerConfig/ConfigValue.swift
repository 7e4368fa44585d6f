/// One option's value as a source gave it.
public enum ConfigValue: Sendable, Equatable {
    /// From an environment variable or a command-line flag: typed by the option.
    case text(String)
    /// A TOML string.
    case string(String)
    /// A TOML integer.
    case integer(Int)
    /// A TOML boolean.
    case boolean(Bool)

    /// The value as an integer, if it is one (TOML integer, or decimal text).
    var integerValue: Int? {
        switch self {
        case .integer(let value): value
        case .text(let text): Int(text)
        case .string, .boolean: nil
        }
    }

    /// The value as a string, if it is one (TOML string, or any text).
    var stringValue: String? {
        switch self {
        case .string(let text), .text(let text): text
        case .integer, .boolean: nil
        }
    }
}

/// Why the configuration was refused; the message names the option and where it came from.
public struct ConfigError: Error, CustomStringConvertible, Equatable {
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}
