/// The contract's shape rules for field values, as pure predicates.
public enum FieldRules {
    /// Maximum bytes of a `group_id` or `user_id`.
    public static let identifierMaxBytes = 48
    /// Maximum characters of a `group_name`.
    public static let nameMaxCharacters = 60
    /// Maximum characters of `group_data` and `user_data`.
    public static let dataMaxCharacters = 128

    /// True for 1 to 48 bytes of ASCII letters, digits and `- % @ # & _`.
    public static func isIdentifier(_ text: String) -> Bool {
        let bytes = text.utf8
        return (1...identifierMaxBytes).contains(bytes.count) && bytes.allSatisfy(isIdentifierByte)
    }

    private static func isIdentifierByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        case UInt8(ascii: "-"), UInt8(ascii: "%"), UInt8(ascii: "@"), UInt8(ascii: "#"),
             UInt8(ascii: "&"), UInt8(ascii: "_"):
            true
        default:
            false
        }
    }

    /// Characters as the contract counts them: Unicode code points (so a
    /// 60-character limit means the same to clients in any language).
    public static func characterCount(_ text: String) -> Int {
        text.unicodeScalars.count
    }

    /// True for a decimal integer: an optional `-` and 1 to 18 digits (no
    /// spaces, no `+`, no other bases), which always fits in an `Int`.
    public static func integerValue(_ text: String) -> Int? {
        let digits = text.hasPrefix("-") ? text.utf8.dropFirst() : text.utf8[...]
        guard (1...18).contains(digits.count),
              digits.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else { return nil }
        return Int(text)
    }

    /// A finite decimal number such as `75`, `80.5` or `-1` (no hex, no
    /// exponent, no `nan`/`inf`); nil for anything else.
    public static func decimalValue(_ text: String) -> Double? {
        var sawDigit = false
        var sawPoint = false
        for (offset, byte) in text.utf8.enumerated() {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): sawDigit = true
            case UInt8(ascii: ".") where !sawPoint: sawPoint = true
            case UInt8(ascii: "-") where offset == 0: continue
            default: return nil
            }
        }
        guard sawDigit, text.utf8.count <= 32, let value = Double(text), value.isFinite else { return nil }
        return value
    }
}
