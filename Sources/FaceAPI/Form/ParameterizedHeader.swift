/// A header value of the form `value; name=param; …` (Content-Type, Content-Disposition).
struct ParameterizedHeader: Equatable {
    /// The leading value, lowercased (`multipart/form-data`, `form-data`).
    let value: String
    /// Parameter names lowercased; values unquoted.
    let parameters: [String: String]

    /// Parses `type/subtype; name=value; name="quoted \"value\""`; nil when malformed.
    init?(_ header: String) {
        var scanner = HeaderScanner(header)
        guard let type = scanner.token(), !type.isEmpty else { return nil }
        value = type.lowercased()
        var parameters: [String: String] = [:]
        while scanner.skip(";") {
            if scanner.atEnd { break }
            guard let name = scanner.token(), scanner.skip("="), let value = scanner.tokenOrQuoted() else { return nil }
            parameters[name.lowercased()] = value
        }
        guard scanner.atEnd else { return nil }
        self.parameters = parameters
    }
}

/// A tiny scanner for `token`, `"quoted"`, `;` and `=` in header values.
struct HeaderScanner {
    private let bytes: [UInt8]
    private var position = 0

    init(_ text: String) {
        bytes = Array(text.utf8)
    }

    var atEnd: Bool {
        mutating get {
            skipSpaces()
            return position == bytes.count
        }
    }

    /// Consumes `character` (after optional spaces) if it is next.
    mutating func skip(_ character: Character) -> Bool {
        skipSpaces()
        guard position < bytes.count, bytes[position] == character.asciiValue else { return false }
        position += 1
        return true
    }

    /// A run of bytes up to a space, `;`, `=` or `"` (`/` is allowed, for media types).
    mutating func token() -> String? {
        skipSpaces()
        let start = position
        while position < bytes.count, !Self.delimiters.contains(bytes[position]) { position += 1 }
        return position > start ? String(decoding: bytes[start..<position], as: UTF8.self) : nil
    }

    /// A token or a quoted string with `\` escapes.
    mutating func tokenOrQuoted() -> String? {
        skipSpaces()
        guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { return token() }
        position += 1
        var value: [UInt8] = []
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            switch byte {
            case UInt8(ascii: "\""):
                return String(decoding: value, as: UTF8.self)
            case UInt8(ascii: "\\") where position < bytes.count:
                value.append(bytes[position])
                position += 1
            default:
                value.append(byte)
            }
        }
        return nil
    }

    private mutating func skipSpaces() {
        while position < bytes.count, bytes[position] == UInt8(ascii: " ") || bytes[position] == UInt8(ascii: "\t") {
            position += 1
        }
    }

    private static let delimiters: Set<UInt8> = [
        UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: ";"), UInt8(ascii: "="), UInt8(ascii: "\""),
    ]
}
