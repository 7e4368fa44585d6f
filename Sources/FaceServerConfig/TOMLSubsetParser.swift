// Design note: the configuration is a flat list of options, so this reads
// the part of TOML 1.0 that such a file uses: comments, blank lines and
// top-level `key = value` pairs whose value is a basic "string" (with
// escapes), a 'literal string', an integer (sign, `_` separators) or a
// boolean. Anything else — tables, arrays, floats, dates, multi-line strings
// — is refused with its line number rather than half-understood.

/// Reads top-level `key = value` pairs from TOML text.
enum TOMLSubsetParser {
    /// One assignment and the line it is on.
    struct Entry: Equatable {
        let key: String
        let value: ConfigValue
        let line: Int
    }

    static func parse(_ text: String, file: String) throws(ConfigError) -> [Entry] {
        var entries: [Entry] = []
        var seen: Set<String> = []
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = index + 1
            var scanner = LineScanner(Array(rawLine.utf8))
            scanner.skipSpaces()
            if scanner.atEndOrComment { continue }
            func fail(_ problem: String) -> ConfigError { ConfigError("\(file):\(line): \(problem)") }
            if scanner.peek == UInt8(ascii: "[") { throw fail("tables are not supported; options are top-level keys") }
            guard let key = scanner.bareKey() else { throw fail("expected `key = value`") }
            scanner.skipSpaces()
            guard scanner.consume(UInt8(ascii: "=")) else { throw fail("expected `=` after \(key)") }
            scanner.skipSpaces()
            let value: ConfigValue
            do {
                value = try scanner.value()
            } catch {
                throw fail("\(key): \(error.problem)")
            }
            scanner.skipSpaces()
            guard scanner.atEndOrComment else { throw fail("unexpected text after the value of \(key)") }
            guard seen.insert(key).inserted else { throw fail("\(key) is set twice") }
            entries.append(Entry(key: key, value: value, line: line))
        }
        return entries
    }
}

/// Scans one line of TOML.
private struct LineScanner {
    private let bytes: [UInt8]
    private var position = 0

    struct Problem: Error {
        let problem: String
    }

    init(_ bytes: [UInt8]) {
        // Tolerate CRLF files.
        self.bytes = bytes.last == UInt8(ascii: "\r") ? Array(bytes.dropLast()) : bytes
    }

    var peek: UInt8? { position < bytes.count ? bytes[position] : nil }

    var atEndOrComment: Bool { peek == nil || peek == UInt8(ascii: "#") }

    mutating func skipSpaces() {
        while peek == UInt8(ascii: " ") || peek == UInt8(ascii: "\t") { position += 1 }
    }

    mutating func consume(_ byte: UInt8) -> Bool {
        guard peek == byte else { return false }
        position += 1
        return true
    }

    mutating func bareKey() -> String? {
        let start = position
        while let byte = peek, Self.isKeyByte(byte) { position += 1 }
        return position > start ? String(decoding: bytes[start..<position], as: UTF8.self) : nil
    }

    mutating func value() throws(Problem) -> ConfigValue {
        switch peek {
        case UInt8(ascii: "\""): return .string(try basicString())
        case UInt8(ascii: "'"): return .string(try literalString())
        case nil: throw Problem(problem: "missing value")
        default: return try bareValue()
        }
    }

    private mutating func basicString() throws(Problem) -> String {
        position += 1
        if peek == UInt8(ascii: "\""), peekAt(1) == UInt8(ascii: "\"") {
            throw Problem(problem: "multi-line strings are not supported")
        }
        var text: [UInt8] = []
        while let byte = peek {
            position += 1
            switch byte {
            case UInt8(ascii: "\""):
                return String(decoding: text, as: UTF8.self)
            case UInt8(ascii: "\\"):
                try text.append(contentsOf: escape())
            default:
                text.append(byte)
            }
        }
        throw Problem(problem: "unterminated string")
    }

    private mutating func escape() throws(Problem) -> [UInt8] {
        guard let byte = peek else { throw Problem(problem: "unterminated escape") }
        position += 1
        switch byte {
        case UInt8(ascii: "\""): return [byte]
        case UInt8(ascii: "\\"): return [byte]
        case UInt8(ascii: "n"): return [0x0a]
        case UInt8(ascii: "t"): return [0x09]
        case UInt8(ascii: "r"): return [0x0d]
        case UInt8(ascii: "b"): return [0x08]
        case UInt8(ascii: "f"): return [0x0c]
        case UInt8(ascii: "u"), UInt8(ascii: "U"):
            let count = byte == UInt8(ascii: "u") ? 4 : 8
            guard position + count <= bytes.count,
                  let code = UInt32(String(decoding: bytes[position..<(position + count)], as: UTF8.self), radix: 16),
                  let scalar = Unicode.Scalar(code) else { throw Problem(problem: "bad unicode escape") }
            position += count
            return Array(String(Character(scalar)).utf8)
        default:
            throw Problem(problem: "unknown escape \\\(Character(Unicode.Scalar(byte)))")
        }
    }

    private mutating func literalString() throws(Problem) -> String {
        position += 1
        if peek == UInt8(ascii: "'"), peekAt(1) == UInt8(ascii: "'") {
            throw Problem(problem: "multi-line strings are not supported")
        }
        let start = position
        while let byte = peek {
            position += 1
            if byte == UInt8(ascii: "'") { return String(decoding: bytes[start..<(position - 1)], as: UTF8.self) }
        }
        throw Problem(problem: "unterminated string")
    }

    private mutating func bareValue() throws(Problem) -> ConfigValue {
        let start = position
        while let byte = peek, byte != UInt8(ascii: " "), byte != UInt8(ascii: "\t"), byte != UInt8(ascii: "#") {
            position += 1
        }
        let word = String(decoding: bytes[start..<position], as: UTF8.self)
        switch word {
        case "true": return .boolean(true)
        case "false": return .boolean(false)
        default:
            guard let number = Self.integer(word) else {
                throw Problem(problem: "unsupported value `\(word)` (use a \"string\" or an integer)")
            }
            return .integer(number)
        }
    }

    private func peekAt(_ offset: Int) -> UInt8? {
        position + offset < bytes.count ? bytes[position + offset] : nil
    }

    /// A TOML decimal integer: optional sign, digits, single `_` between digits.
    private static func integer(_ word: String) -> Int? {
        var digits = Substring(word)
        let negative = digits.first == "-"
        if digits.first == "-" || digits.first == "+" { digits = digits.dropFirst() }
        guard let first = digits.first, let last = digits.last, first.isASCII, first.isNumber, last.isNumber,
              !digits.contains("__"), digits.allSatisfy({ ($0.isASCII && $0.isNumber) || $0 == "_" }),
              !(first == "0" && digits.count > 1)
        else { return nil }
        guard let magnitude = Int(String(digits.filter { $0 != "_" })) else { return nil }
        return negative ? -magnitude : magnitude
    }

    private static func isKeyByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"):
            true
        default:
            false
        }
    }
}
