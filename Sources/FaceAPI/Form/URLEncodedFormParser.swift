import FaceLibrary

/// Decodes an `application/x-www-form-urlencoded` body.
///
/// `+` is a space and `%XX` a byte; a `%` not followed by two hex digits is
/// an error rather than a guess. Empty pairs (`a=1&&b=2`) are skipped; a name
/// without `=` has an empty value.
enum URLEncodedFormParser {
    static func parse(_ body: [UInt8]) throws(FormError) -> FormFields {
        var fields = FormFields()
        for pair in body.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let equals = pair.firstIndex(of: UInt8(ascii: "="))
            let rawName = pair[pair.startIndex..<(equals ?? pair.endIndex)]
            let rawValue = equals.map { pair[pair.index(after: $0)...] } ?? []
            let name = try decode(rawName)
            guard !name.isEmpty else { throw .malformed("urlencoded field without a name") }
            fields.append(name: String(decoding: name, as: UTF8.self), value: ArgumentValue(bytes: try decode(rawValue)))
        }
        return fields
    }

    private static func decode(_ encoded: ArraySlice<UInt8>) throws(FormError) -> [UInt8] {
        var decoded: [UInt8] = []
        decoded.reserveCapacity(encoded.count)
        var index = encoded.startIndex
        while index < encoded.endIndex {
            let byte = encoded[index]
            switch byte {
            case UInt8(ascii: "+"):
                decoded.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                guard index + 2 < encoded.endIndex, let high = hexValue(encoded[index + 1]),
                      let low = hexValue(encoded[index + 2]) else {
                    throw .malformed("bad percent escape in urlencoded body")
                }
                decoded.append(high << 4 | low)
                index += 2
            default:
                decoded.append(byte)
            }
            index += 1
        }
        return decoded
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
