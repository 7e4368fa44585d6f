/// Decodes the base64 text of an `image` field, in one table-driven pass.
///
/// The alphabet is RFC 4648's standard one; the text must be whole groups of
/// four characters, `=` padding only at the end (unpadded text is refused).
/// Two leniencies the contract asks for: CR and LF anywhere are skipped (MIME
/// line breaks), and a space stands for `+` (a client that put base64 into a
/// urlencoded body without escaping `+`, which then reads as a space).
/// Unused low bits of the last group are ignored, as most decoders do.
enum Base64Decoder {
    /// The bytes `text` encodes, or nil when it is not base64.
    static func decode(_ text: ArraySlice<UInt8>) -> [UInt8]? {
        text.withUnsafeBufferPointer { input in
            var failed = false
            let output = [UInt8](unsafeUninitializedCapacity: input.count / 4 * 3 + 3) { buffer, written in
                guard let count = decode(input, into: buffer.baseAddress!) else {
                    failed = true
                    written = 0
                    return
                }
                written = count
            }
            return failed ? nil : output
        }
    }

    /// Writes the decoded bytes to `output` (room for count / 4 · 3 + 3) and
    /// returns how many; nil on invalid text.
    private static func decode(_ input: UnsafeBufferPointer<UInt8>, into output: UnsafeMutablePointer<UInt8>) -> Int? {
        // Through a pointer, the table lookups carry no bounds checks.
        table.withUnsafeBufferPointer { decode(input, into: output, table: $0.baseAddress!) }
    }

    private static func decode(_ input: UnsafeBufferPointer<UInt8>, into output: UnsafeMutablePointer<UInt8>,
                               table: UnsafePointer<UInt8>) -> Int? {
        let count = input.count
        var position = 0, written = 0
        // Sextets of the group in progress (`pending` of them, 0...3).
        var bits: UInt32 = 0, pending = 0
        while position < count {
            // Fast path: a whole group of four alphabet characters.
            if pending == 0, position + 4 <= count {
                let a = table[Int(input[position])], b = table[Int(input[position + 1])]
                let c = table[Int(input[position + 2])], d = table[Int(input[position + 3])]
                if (a | b | c | d) < 64 {
                    let group = UInt32(a) << 18 | UInt32(b) << 12 | UInt32(c) << 6 | UInt32(d)
                    output[written] = UInt8(truncatingIfNeeded: group >> 16)
                    output[written + 1] = UInt8(truncatingIfNeeded: group >> 8)
                    output[written + 2] = UInt8(truncatingIfNeeded: group)
                    written += 3
                    position += 4
                    continue
                }
            }
            // One character at a time: line breaks, padding, or a group split by them.
            let value = table[Int(input[position])]
            position += 1
            switch value {
            case 0..<64:
                bits = bits << 6 | UInt32(value)
                pending += 1
                if pending == 4 {
                    output[written] = UInt8(truncatingIfNeeded: bits >> 16)
                    output[written + 1] = UInt8(truncatingIfNeeded: bits >> 8)
                    output[written + 2] = UInt8(truncatingIfNeeded: bits)
                    written += 3
                    bits = 0
                    pending = 0
                }
            case Self.lineBreak:
                continue
            case Self.padding:
                return finish(bits: bits, pending: pending, rest: UnsafeBufferPointer(rebasing: input[position...]),
                              output: output, written: written)
            default:
                return nil
            }
        }
        return pending == 0 ? written : nil
    }

    /// After the first `=`: the group must have 2 sextets and one more `=`, or
    /// 3 sextets; only line breaks may follow.
    private static func finish(bits: UInt32, pending: Int, rest: UnsafeBufferPointer<UInt8>,
                               output: UnsafeMutablePointer<UInt8>, written: Int) -> Int? {
        var paddingLeft = 4 - pending - 1
        guard paddingLeft == 0 || paddingLeft == 1 else { return nil }
        for byte in rest {
            switch table[Int(byte)] {
            case Self.lineBreak: continue
            case Self.padding where paddingLeft > 0: paddingLeft -= 1
            default: return nil
            }
        }
        guard paddingLeft == 0 else { return nil }
        if pending == 2 {
            output[written] = UInt8(truncatingIfNeeded: bits >> 4)
            return written + 1
        }
        output[written] = UInt8(truncatingIfNeeded: bits >> 10)
        output[written + 1] = UInt8(truncatingIfNeeded: bits >> 2)
        return written + 2
    }

    private static let invalid: UInt8 = 0xFF, lineBreak: UInt8 = 0xFE, padding: UInt8 = 0xFD

    /// Byte → sextet (0...63), or `lineBreak`, `padding`, `invalid`.
    private static let table: [UInt8] = {
        var table = [UInt8](repeating: invalid, count: 256)
        for (value, character) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() {
            table[Int(character)] = UInt8(value)
        }
        table[Int(UInt8(ascii: " "))] = 62
        table[Int(UInt8(ascii: "\r"))] = lineBreak
        table[Int(UInt8(ascii: "\n"))] = lineBreak
        table[Int(UInt8(ascii: "="))] = padding
        return table
    }()
}
