/// The parts of a BMP file header and DIB info header (BITMAPINFOHEADER or a
/// later, longer version) that locate and describe the pixel array.
struct BMPHeader {
    var width: Int
    var height: Int
    var topDown: Bool
    var bitsPerPixel: Int
    var pixelOffset: Int
    /// Channel masks for 32-bit pixels, red, green, blue (little-endian words).
    var masks: (red: UInt32, green: UInt32, blue: UInt32)

    /// Bytes per stored row: rows are padded to a multiple of 4 bytes.
    var rowStride: Int { (bitsPerPixel * width + 31) / 32 * 4 }

    private static let compressionRGB = 0, compressionBitfields = 3, compressionAlphaBitfields = 6

    /// Parses and validates the headers; throws for malformed or unsupported
    /// variants (only uncompressed 24-bit and 24/32-bit bitfields are decoded).
    init(_ bytes: UnsafeRawBufferPointer) throws {
        let reader = ByteReader(bytes: bytes)
        guard let pixelOffset = reader.u32(10), let infoSize = reader.u32(14) else {
            throw ImageDecodingError.corrupt(.bmp, "truncated header")
        }
        guard infoSize >= 40 else {
            throw ImageDecodingError.unsupportedVariant(.bmp, "OS/2 core header (\(infoSize) bytes)")
        }
        guard let width = reader.i32(18), let rawHeight = reader.i32(22), let planes = reader.u16(26),
              let bits = reader.u16(28), let compression = reader.u32(30) else {
            throw ImageDecodingError.corrupt(.bmp, "truncated info header")
        }
        guard planes == 1, width > 0, rawHeight != 0, rawHeight != Int(Int32.min) else {
            throw ImageDecodingError.corrupt(.bmp, "invalid dimensions or planes")
        }
        guard bits == 24 || bits == 32 else {
            throw ImageDecodingError.unsupportedVariant(.bmp, "\(bits) bits per pixel (24 and 32 are supported)")
        }
        self.width = width
        self.height = abs(rawHeight)
        self.topDown = rawHeight < 0
        self.bitsPerPixel = bits
        self.pixelOffset = pixelOffset
        switch compression {
        case Self.compressionRGB:
            masks = (0x00FF_0000, 0x0000_FF00, 0x0000_00FF)
        case Self.compressionBitfields where bits == 32, Self.compressionAlphaBitfields where bits == 32:
            // Masks follow a 40-byte header (v1) or sit inside a longer one (v2+): same offset.
            guard let red = reader.u32(54), let green = reader.u32(58), let blue = reader.u32(62) else {
                throw ImageDecodingError.corrupt(.bmp, "truncated bitfield masks")
            }
            masks = (UInt32(red), UInt32(green), UInt32(blue))
            guard [masks.red, masks.green, masks.blue].allSatisfy(Self.isContiguous) else {
                throw ImageDecodingError.unsupportedVariant(.bmp, "non-contiguous bitfield masks")
            }
        default:
            throw ImageDecodingError.unsupportedVariant(.bmp, "compression method \(compression)")
        }
    }

    private static func isContiguous(_ mask: UInt32) -> Bool {
        guard mask != 0 else { return false }
        let shifted = mask >> mask.trailingZeroBitCount
        return shifted & (shifted + 1) == 0
    }
}
