/// Bounds-checked integer reads from encoded image bytes; every read past
/// the end returns nil, so header parsers cannot overrun hostile input.
struct ByteReader {
    let bytes: UnsafeRawBufferPointer
    var bigEndian = false

    func u8(_ offset: Int) -> Int? {
        guard offset >= 0, offset < bytes.count else { return nil }
        return Int(bytes[offset])
    }

    func u16(_ offset: Int) -> Int? {
        guard let a = u8(offset), let b = u8(offset + 1) else { return nil }
        return bigEndian ? a << 8 | b : b << 8 | a
    }

    func u32(_ offset: Int) -> Int? {
        guard let a = u16(offset), let b = u16(offset + 2) else { return nil }
        return bigEndian ? a << 16 | b : b << 16 | a
    }

    func i32(_ offset: Int) -> Int? {
        u32(offset).map { Int(Int32(bitPattern: UInt32($0))) }
    }

    func matches(_ ascii: String, at offset: Int) -> Bool {
        let magic = Array(ascii.utf8)
        guard offset >= 0, offset + magic.count <= bytes.count else { return false }
        return magic.indices.allSatisfy { bytes[offset + $0] == magic[$0] }
    }
}
