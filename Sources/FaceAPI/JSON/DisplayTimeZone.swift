/// The fixed UTC offset in which library times are shown (`+08:00` by default).
public struct DisplayTimeZone: Sendable, Equatable {
    /// Seconds east of UTC.
    public let offsetSeconds: Int

    /// The contract's default, `+08:00`.
    public static let defaultZone = DisplayTimeZone(offsetSeconds: 8 * 3600)

    init(offsetSeconds: Int) {
        self.offsetSeconds = offsetSeconds
    }

    /// Parses `±HH:MM` (or `Z`), at most 14 hours from UTC; nil for anything else.
    public init?(_ text: String) {
        if text == "Z" || text == "z" { self.init(offsetSeconds: 0); return }
        let bytes = Array(text.utf8)
        guard bytes.count == 6, bytes[0] == UInt8(ascii: "+") || bytes[0] == UInt8(ascii: "-"),
              bytes[3] == UInt8(ascii: ":"),
              let hours = Int(String(decoding: bytes[1...2], as: UTF8.self)),
              let minutes = Int(String(decoding: bytes[4...5], as: UTF8.self)),
              bytes[1...2].allSatisfy({ (48...57).contains($0) }), bytes[4...5].allSatisfy({ (48...57).contains($0) }),
              hours <= 14, minutes < 60, hours * 60 + minutes <= 14 * 60
        else { return nil }
        self.init(offsetSeconds: (bytes[0] == UInt8(ascii: "-") ? -1 : 1) * (hours * 3600 + minutes * 60))
    }

    /// RFC 3339 with seconds and this numeric offset, e.g. `2026-01-27T14:19:01+08:00`.
    public func format(unixMilliseconds: Int64) -> String {
        let local = unixMilliseconds.floorDivided(by: 1000) + Int64(offsetSeconds)
        let days = local.floorDivided(by: 86_400)
        let secondOfDay = Int(local - days * 86_400)
        let (year, month, day) = Self.civilDate(daysSinceEpoch: days)
        return "\(Self.pad(year, 4))-\(Self.pad(month))-\(Self.pad(day))T"
            + "\(Self.pad(secondOfDay / 3600)):\(Self.pad(secondOfDay / 60 % 60)):\(Self.pad(secondOfDay % 60))"
            + description
    }

    /// Proleptic Gregorian year, month, day of a day count from 1970-01-01
    /// (the well-known era-based conversion: 400-year eras of 146,097 days).
    static func civilDate(daysSinceEpoch: Int64) -> (Int, Int, Int) {
        let shifted = daysSinceEpoch + 719_468
        let era = shifted.floorDivided(by: 146_097)
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (Int(year), Int(month), Int(day))
    }

    private static func pad(_ value: Int, _ width: Int = 2) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}

extension DisplayTimeZone: CustomStringConvertible {
    /// The offset as RFC 3339 and the configuration write it, e.g. `+08:00`.
    public var description: String {
        let offset = abs(offsetSeconds)
        return "\(offsetSeconds < 0 ? "-" : "+")\(Self.pad(offset / 3600)):\(Self.pad(offset / 60 % 60))"
    }
}

extension Int64 {
    fileprivate func floorDivided(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
