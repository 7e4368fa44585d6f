import Foundation

/// A decoded `sign`: `digest ‖ raw`, with the fields of `raw` parsed.
///
/// `raw` is `a=<api_key>&b=<expire_time>&c=<current_time>&d=<random>`, in
/// that order, not URL-encoded; times are Unix seconds, `d` is 1 to 10 digits.
public struct Signature: Sendable, Equatable {
    public let version: SignVersion
    public let digest: [UInt8]
    /// The signed bytes.
    public let raw: [UInt8]
    public let apiKey: String
    /// `b`: 0 for a single-use signature.
    public let expireTime: Int64
    /// `c`.
    public let currentTime: Int64
    /// `d`.
    public let random: String

    /// Longest api_key accepted inside `raw`.
    static let maxAPIKeyBytes = 128

    /// Decodes and parses `sign`; nil when it is not base64 or `raw` is not of the required form.
    ///
    /// A space is read as `+`, the rule for every base64 field (`image` too):
    /// base64 has no spaces, and a client that put it unescaped into a
    /// urlencoded body sent `+`, which the form decoding turned into a space.
    public init?(sign: String, version: SignVersion) {
        let base64 = String(sign.map { $0 == " " ? "+" : $0 })
        guard let decoded = Data(base64Encoded: base64).map(Array.init), decoded.count > version.digestLength else {
            return nil
        }
        let raw = Array(decoded[version.digestLength...])
        let parts = raw.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: false)
        guard parts.count == 4,
              let key = Self.value(of: "a", in: parts[0]), (1...Self.maxAPIKeyBytes).contains(key.count),
              key.allSatisfy({ (0x21...0x7e).contains($0) }),
              let expire = Self.value(of: "b", in: parts[1]).flatMap({ Self.number($0, maxDigits: 18) }),
              let current = Self.value(of: "c", in: parts[2]).flatMap({ Self.number($0, maxDigits: 18) }),
              let random = Self.value(of: "d", in: parts[3]), Self.number(random, maxDigits: 10) != nil
        else { return nil }
        self.version = version
        digest = Array(decoded[..<version.digestLength])
        self.raw = raw
        apiKey = String(decoding: key, as: UTF8.self)
        expireTime = expire
        currentTime = current
        self.random = String(decoding: random, as: UTF8.self)
    }

    /// The bytes after `<letter>=` in `part`, or nil when the part does not start so.
    private static func value(of letter: Character, in part: ArraySlice<UInt8>) -> ArraySlice<UInt8>? {
        guard part.count >= 2, part[part.startIndex] == letter.asciiValue,
              part[part.startIndex + 1] == UInt8(ascii: "=") else { return nil }
        return part.dropFirst(2)
    }

    /// 1 to `maxDigits` decimal digits as a number.
    private static func number(_ digits: ArraySlice<UInt8>, maxDigits: Int) -> Int64? {
        guard (1...maxDigits).contains(digits.count) else { return nil }
        var value: Int64 = 0
        for digit in digits {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(digit) else { return nil }
            value = value * 10 + Int64(digit - UInt8(ascii: "0"))
        }
        return value
    }
}
