/// Hostile inputs derived from real files: dimensions patched in the header
/// (with a valid PNG chunk CRC, so only the size is wrong) and truncations.
enum HostileBytes {
    /// A PNG whose IHDR claims `width`×`height`.
    static func png(_ original: [UInt8], claiming width: Int, _ height: Int) -> [UInt8] {
        var bytes = original
        put32(&bytes, at: 16, width, bigEndian: true)
        put32(&bytes, at: 20, height, bigEndian: true)
        put32(&bytes, at: 29, Int(crc32(bytes[12..<29])), bigEndian: true)
        return bytes
    }

    /// A JPEG whose first start-of-frame marker claims `width`×`height`.
    static func jpeg(_ original: [UInt8], claiming width: Int, _ height: Int) -> [UInt8] {
        var bytes = original
        var i = 2
        while i + 9 < bytes.count {
            let marker = bytes[i + 1]
            let length = Int(bytes[i + 2]) << 8 | Int(bytes[i + 3])
            if (0xC0...0xC2).contains(marker) {
                bytes[i + 5] = UInt8(height >> 8); bytes[i + 6] = UInt8(height & 0xFF)
                bytes[i + 7] = UInt8(width >> 8); bytes[i + 8] = UInt8(width & 0xFF)
                return bytes
            }
            i += 2 + length
        }
        return bytes
    }

    /// A BMP whose info header claims `width`×`height`.
    static func bmp(_ original: [UInt8], claiming width: Int, _ height: Int) -> [UInt8] {
        var bytes = original
        put32(&bytes, at: 18, width, bigEndian: false)
        put32(&bytes, at: 22, height, bigEndian: false)
        return bytes
    }

    /// Deterministic pseudo-random bytes (xorshift), optionally after a prefix.
    static func random(count: Int, seed: UInt64, prefix: [UInt8] = []) -> [UInt8] {
        var state = seed | 1
        return prefix + (0..<count).map { _ in
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return UInt8(truncatingIfNeeded: state)
        }
    }

    private static func put32(_ bytes: inout [UInt8], at offset: Int, _ value: Int, bigEndian: Bool) {
        for k in 0..<4 {
            let shift = bigEndian ? 24 - 8 * k : 8 * k
            bytes[offset + k] = UInt8((value >> shift) & 0xFF)
        }
    }

    private static func crc32(_ data: ArraySlice<UInt8>) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in data {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
}
