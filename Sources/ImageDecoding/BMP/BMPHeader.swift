/// The parts of a BMP file header and DIB header that locate and describe the
/// pixel array: the OS/2 core header (12 bytes) or BITMAPINFOHEADER and its
/// longer versions (V2–V5, OS/2 2.x).
struct BMPHeader {
    /// How the pixel array is stored.
    enum Layout {
        /// Uncompressed palette indices, 1, 4 or 8 bits a pixel.
        case indexed(bits: Int)
        /// RLE8 (8) or RLE4 (4) palette indices, always bottom-up.
        case runLength(bits: Int)
        /// Uncompressed 24-bit BGR.
        case bgr24
        /// 16- or 32-bit words split by channel masks (BI_RGB defaults or bitfields).
        case masked(bits: Int, BMPChannelMasks)
    }

    var width: Int
    var height: Int
    var topDown: Bool
    var layout: Layout
    var pixelOffset: Int
    /// Where the palette starts and how large an entry is (4 bytes; 3 in OS/2 core files).
    var paletteOffset: Int
    var paletteEntrySize: Int
    /// Entries the header declares (`biClrUsed`, or 2^bits when zero).
    var paletteCount: Int

    var bitsPerPixel: Int {
        switch layout {
        case .indexed(let bits), .runLength(let bits), .masked(let bits, _): bits
        case .bgr24: 24
        }
    }

    /// Bytes per stored row of an uncompressed array: rows are padded to 4 bytes.
    var rowStride: Int { (bitsPerPixel * width + 31) / 32 * 4 }

    private static let coreHeaderSize = 12, infoHeaderSize = 40, os2InfoHeaderSize = 64
    private static let rgb = 0, rle8 = 1, rle4 = 2, bitfields = 3, alphaBitfields = 6

    /// Parses and validates the headers; throws for malformed or unsupported variants.
    init(_ bytes: UnsafeRawBufferPointer) throws {
        let reader = ByteReader(bytes: bytes)
        guard let pixelOffset = reader.u32(10), let infoSize = reader.u32(14) else {
            throw ImageDecodingError.corrupt(.bmp, "truncated header")
        }
        guard infoSize == Self.coreHeaderSize || infoSize >= Self.infoHeaderSize else {
            throw ImageDecodingError.unsupportedVariant(.bmp, "\(infoSize)-byte info header")
        }
        let core = infoSize == Self.coreHeaderSize
        // The core header stores 16-bit sides; read as signed, as Pillow does.
        let sides: (width: Int?, height: Int?) = core
            ? (reader.u16(18).map { Int(Int16(truncatingIfNeeded: $0)) }, reader.u16(20).map { Int(Int16(truncatingIfNeeded: $0)) })
            : (reader.i32(18), reader.i32(22))
        let at = core ? 22 : 26
        guard let width = sides.width, let rawHeight = sides.height, let planes = reader.u16(at),
              let bits = reader.u16(at + 2), let compression = core ? 0 : reader.u32(30) else {
            throw ImageDecodingError.corrupt(.bmp, "truncated info header")
        }
        guard planes == 1, width > 0, rawHeight != 0, rawHeight != Int(Int32.min) else {
            throw ImageDecodingError.corrupt(.bmp, "invalid dimensions or planes")
        }
        self.width = width
        self.height = abs(rawHeight)
        self.topDown = rawHeight < 0
        self.pixelOffset = pixelOffset
        paletteOffset = 14 + infoSize
        paletteEntrySize = core ? 3 : 4
        let declaredColors = core ? 0 : (reader.u32(46) ?? 0)
        paletteCount = bits <= 8 ? (declaredColors == 0 ? 1 << bits : min(declaredColors, 1 << bits)) : 0

        switch (compression, bits) {
        case (Self.rgb, 1), (Self.rgb, 4), (Self.rgb, 8):
            layout = .indexed(bits: bits)
        case (Self.rle8, 8), (Self.rle4, 4):
            guard !topDown else { throw ImageDecodingError.corrupt(.bmp, "top-down run-length data") }
            layout = .runLength(bits: bits)
        case (Self.rgb, 24):
            layout = .bgr24
        case (Self.rgb, 16):
            layout = .masked(bits: 16, .rgb555)
        case (Self.rgb, 32):
            layout = .masked(bits: 32, .bgrx)
        case (Self.bitfields, 16), (Self.bitfields, 32), (Self.alphaBitfields, 16), (Self.alphaBitfields, 32):
            guard infoSize != Self.os2InfoHeaderSize else {
                throw ImageDecodingError.unsupportedVariant(.bmp, "OS/2 compression method \(compression)")
            }
            layout = .masked(bits: bits, try Self.masks(reader, infoSize: infoSize, alpha: compression == Self.alphaBitfields))
        default:
            throw ImageDecodingError.unsupportedVariant(.bmp, "\(bits) bits per pixel with compression method \(compression)")
        }
    }

    /// Masks follow a 40-byte header (three, or four with BI_ALPHABITFIELDS) or
    /// sit inside a longer one (V3 and later add the alpha mask): same offsets.
    private static func masks(_ reader: ByteReader, infoSize: Int, alpha: Bool) throws -> BMPChannelMasks {
        guard let red = reader.u32(54), let green = reader.u32(58), let blue = reader.u32(62) else {
            throw ImageDecodingError.corrupt(.bmp, "truncated bitfield masks")
        }
        let alphaMask = alpha || infoSize >= 56 ? reader.u32(66) ?? 0 : 0
        guard let masks = BMPChannelMasks(red: UInt32(red), green: UInt32(green), blue: UInt32(blue),
                                          alpha: UInt32(alphaMask)) else {
            throw ImageDecodingError.unsupportedVariant(.bmp, "non-contiguous bitfield masks")
        }
        return masks
    }
}
