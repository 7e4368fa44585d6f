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
        bytes.withUnsafeBytes(decode)
    }

    /// Decodes straight from a driver's column memory (index loads read a
    /// million of these, so no intermediate byte array and no per-byte work).
    public static func decode(_ bytes: UnsafeRawBufferPointer) -> [Float] {
        let count = bytes.count / 4
        return [Float](unsafeUninitializedCapacity: count) { values, initialized in
            for i in 0..<count {
                let bits = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: i * 4, as: UInt32.self))
                values[i] = Float(bitPattern: bits)
            }
            initialized = count
        }
    }
}
