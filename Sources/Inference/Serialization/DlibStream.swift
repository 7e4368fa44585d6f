import Foundation

/// Reads the primitive values of dlib's serialisation format, in file order.
///
/// Format facts (dlib `serialize.h`): an integer is one control byte (low
/// nibble = byte count, 0x80 = negative) then that many little-endian bytes;
/// a string is an integer length then raw bytes; a bool is ASCII '0' or '1';
/// a float or double is two integers, mantissa m and exponent e, meaning
/// m·2^e (exponents 32000/32001/32002 encode +inf/−inf/NaN); a tensor is
/// version 2, four integer extents, then raw little-endian float32s.
///
/// Every read checks the remaining length first, so a truncated or corrupt
/// file yields a `ModelLoadError`, never an out-of-bounds access or a huge
/// allocation.
public struct DlibStream: Sendable {
    private let bytes: [UInt8]
    /// Byte position of the next read.
    public private(set) var offset: Int = 0

    /// Reads from an in-memory copy of a file.
    public init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Reads a whole file into memory.
    public init(contentsOf path: String) throws(ModelLoadError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unreadable(path: path, reason: "no such file or not readable")
        }
        self.init(bytes: [UInt8](data))
    }

    /// True once every byte has been read.
    public var isAtEnd: Bool { offset == bytes.count }
    /// Bytes not yet read.
    public var remaining: Int { bytes.count - offset }

    /// Reads a signed integer.
    public mutating func readInt(_ context: String) throws(ModelLoadError) -> Int {
        let start = offset
        let control = try readByte(context)
        let size = Int(control & 0x0F)
        guard size <= 8, control & 0x70 == 0 else {
            throw .mismatch(offset: start, context: context, expected: "an integer", found: "control byte \(control)")
        }
        guard remaining >= size else { throw .truncated(offset: bytes.count, context: context) }
        var magnitude: UInt64 = 0
        for i in 0..<size { magnitude |= UInt64(bytes[offset + i]) << (8 * UInt64(i)) }
        offset += size
        guard magnitude <= UInt64(Int.max) else {
            throw .mismatch(offset: start, context: context, expected: "an integer that fits 63 bits", found: "\(magnitude)")
        }
        return control & 0x80 != 0 ? -Int(magnitude) : Int(magnitude)
    }

    /// Reads an integer and checks it equals `expected` (a version or extent).
    public mutating func expectInt(_ expected: Int, _ context: String) throws(ModelLoadError) {
        let start = offset
        let found = try readInt(context)
        guard found == expected else {
            throw .mismatch(offset: start, context: context, expected: "\(expected)", found: "\(found)")
        }
    }

    /// Reads a bool stored as ASCII '0' or '1'.
    public mutating func readBool(_ context: String) throws(ModelLoadError) -> Bool {
        let start = offset
        switch try readByte(context) {
        case UInt8(ascii: "0"): return false
        case UInt8(ascii: "1"): return true
        case let other: throw .mismatch(offset: start, context: context, expected: "'0' or '1'", found: "byte \(other)")
        }
    }

    /// Reads a string of at most `maxLength` bytes (dlib tags are short).
    public mutating func readString(_ context: String, maxLength: Int = 256) throws(ModelLoadError) -> String {
        let start = offset
        let length = try readInt(context)
        guard (0...maxLength).contains(length) else {
            throw .mismatch(offset: start, context: context, expected: "a string of at most \(maxLength) bytes",
                            found: "length \(length)")
        }
        guard remaining >= length else { throw .truncated(offset: bytes.count, context: context) }
        let text = String(decoding: bytes[offset..<offset + length], as: UTF8.self)
        offset += length
        return text
    }

    /// Reads a string and checks it is one of `accepted`; returns it.
    @discardableResult
    public mutating func expectString(_ accepted: [String], _ context: String) throws(ModelLoadError) -> String {
        let start = offset
        let found = try readString(context)
        guard accepted.contains(found) else {
            throw .mismatch(offset: start, context: context,
                            expected: accepted.map { "\"\($0)\"" }.joined(separator: " or "), found: "\"\(found)\"")
        }
        return found
    }

    /// Reads a float or double stored as mantissa·2^exponent.
    public mutating func readScalar(_ context: String) throws(ModelLoadError) -> Double {
        let mantissa = try readInt(context)
        let exponent = try readInt(context)
        switch exponent {
        case 32000: return .infinity
        case 32001: return -.infinity
        case 32002: return .nan
        default: return Double(sign: .plus, exponent: exponent, significand: Double(mantissa))
        }
    }

    /// Reads a tensor (version 2, extents, raw float32s); checks the element
    /// count against the bytes left before allocating.
    public mutating func readTensor(_ context: String) throws(ModelLoadError) -> Tensor {
        try expectInt(2, "\(context): tensor version")
        let shape = try readExtents(context)
        let byteCount = shape.count * 4
        guard remaining >= byteCount else { throw .truncated(offset: bytes.count, context: "\(context): tensor data") }
        var values = [Float](repeating: 0, count: shape.count)
        values.withUnsafeMutableBytes { destination in
            bytes.withUnsafeBytes { source in
                destination.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[offset..<offset + byteCount]))
            }
        }
        #if _endian(big)
        values = values.map { Float(bitPattern: $0.bitPattern.byteSwapped) }
        #endif
        offset += byteCount
        return Tensor(shape: shape, values: values)
    }

    /// Reads an alias tensor: version 1 and four extents, no data.
    public mutating func readAliasShape(_ context: String) throws(ModelLoadError) -> TensorShape {
        try expectInt(1, "\(context): alias version")
        return try readExtents(context)
    }

    private mutating func readExtents(_ context: String) throws(ModelLoadError) -> TensorShape {
        let start = offset
        var extents = [Int]()
        for name in ["samples", "channels", "rows", "columns"] {
            extents.append(try readInt("\(context): tensor \(name)"))
        }
        // A float32 file never holds more than 2^31 values; this bound also keeps
        // the products below from overflowing on corrupt extents.
        var product = 1
        for extent in extents where product <= 1 << 31 {
            product = extent <= 1 << 31 ? product * extent : Int.max
        }
        guard extents.allSatisfy({ $0 >= 0 }), product <= 1 << 31 else {
            throw .mismatch(offset: start, context: context, expected: "tensor extents", found: "\(extents)")
        }
        return TensorShape(samples: extents[0], channels: extents[1], rows: extents[2], columns: extents[3])
    }

    private mutating func readByte(_ context: String) throws(ModelLoadError) -> UInt8 {
        guard offset < bytes.count else { throw .truncated(offset: bytes.count, context: context) }
        defer { offset += 1 }
        return bytes[offset]
    }
}
