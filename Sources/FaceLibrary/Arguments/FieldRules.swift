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

    /// A decimal integer: an optional `-` and one or more digits (no spaces,
    /// no `+`, no other bases). A value beyond `Int` saturates to `Int.min` or
    /// `Int.max`, so a range check refuses it as the out-of-range number it is,
    /// and an open-ended field (`start`) can still read it as "very large".
    public static func integerValue(_ text: String) -> Int? {
        let negative = text.hasPrefix("-")
        let digits = negative ? text.utf8.dropFirst() : text.utf8[...]
        guard !digits.isEmpty else { return nil }
        var value = 0
        var saturated = false
        for byte in digits {
            guard isDigit(byte) else { return nil }
            guard !saturated else { continue }
            let digit = Int(byte - UInt8(ascii: "0"))
            let (times10, overflowA) = value.multipliedReportingOverflow(by: 10)
            let (next, overflowB) = negative ? times10.subtractingReportingOverflow(digit)
                                             : times10.addingReportingOverflow(digit)
            if overflowA || overflowB {
                value = negative ? .min : .max
                saturated = true
            } else {
                value = next
            }
        }
        return value
    }

    /// A finite decimal number as clients' number formatters write it: `75`,
    /// `80.5`, `.5`, `-1`, `1e-05`, `7.5E+1` (an optional `-`, digits with at
    /// most one point, an optional exponent; no hex, no `nan`/`inf`, at most
    /// 32 characters); nil for anything else.
    public static func decimalValue(_ text: String) -> Double? {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty, bytes.count <= 32 else { return nil }
        var index = bytes[0] == UInt8(ascii: "-") ? 1 : 0
        var mantissaDigits = 0
        var sawPoint = false
        while index < bytes.count {
            let byte = bytes[index]
            if isDigit(byte) {
                mantissaDigits += 1
            } else if byte == UInt8(ascii: "."), !sawPoint {
                sawPoint = true
            } else {
                break
            }
            index += 1
        }
        guard mantissaDigits > 0 else { return nil }
        if index < bytes.count {
            guard bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") else { return nil }
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            let exponent = bytes[index...]
            guard !exponent.isEmpty, exponent.allSatisfy(isDigit) else { return nil }
        }
        guard let value = Double(text), value.isFinite else { return nil }
        return value
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }
}
