/// Stores an embedding as a BLOB of little-endian IEEE-754 float32 values.
///
/// The byte order is fixed so that a database file (or an export) moves between hosts.
public enum EmbeddingCodec {
    /// The little-endian float32 bytes of `embedding`.
    public static func encode(_ embedding: [Float]) -> [UInt8] {
        var bytes = [UInt8]()
        bytes.reserveCapacity(embedding.count * 4)
        for value in embedding {
            withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
        }
        return bytes
    }

    /// Decodes whole float32 values; trailing bytes that do not make one are ignored.
    public static func decode(_ bytes: [UInt8]) -> [Float] {
        stride(from: 0, to: bytes.count - 3, by: 4).map { offset in
            let bits = UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8
                | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24
            return Float(bitPattern: bits)
        }
    }
}
