/// BMP by hand: palette images (1, 4, 8 bits, uncompressed or RLE4/RLE8),
/// 24-bit BGR and 16/32-bit masked pixels, rows bottom-up (positive height)
/// or top-down (negative height).
///
/// Alpha follows the decoders' one rule (`AlphaCompositing`) where the file
/// declares an alpha mask (bitfields in a V3+ header, BI_ALPHABITFIELDS); a
/// BI_RGB 32-bit pixel's fourth byte is padding. An alpha channel that is
/// zero everywhere is taken as opaque: writers that leave the byte unset would
/// otherwise give an all-black image.
enum BMPDecoder {
    static func header(of bytes: UnsafeRawBufferPointer) throws -> ImageHeader {
        let header = try BMPHeader(bytes)
        return ImageHeader(format: .bmp, width: header.width, height: header.height)
    }

    static func decode(_ bytes: UnsafeRawBufferPointer, limits: PixelLimits) throws -> RGBImage {
        let header = try BMPHeader(bytes)
        try limits.check(width: header.width, height: header.height)
        guard header.pixelOffset >= header.paletteOffset, header.pixelOffset <= bytes.count else {
            throw ImageDecodingError.corrupt(.bmp, "pixel data offset outside the file")
        }
        if case .runLength(let bits) = header.layout {
            let palette = try BMPPalette(bytes, header: header)
            var pixels = [UInt8](repeating: 0, count: header.width * header.height * 3)
            let indices = try BMPRunLengthDecoder.indices(bytes, from: header.pixelOffset, width: header.width,
                                                          height: header.height, bits: bits)
            indices.withUnsafeBufferPointer { src in
                pixels.withUnsafeMutableBufferPointer { palette.expand(src, into: $0, at: 0) }
            }
            return RGBImage(width: header.width, height: header.height, pixels: pixels)
        }
        // The last row needs only its pixels, not its padding (some writers trim it).
        let needed = header.rowStride * (header.height - 1) + (header.width * header.bitsPerPixel + 7) / 8
        guard needed <= bytes.count - header.pixelOffset else {
            throw ImageDecodingError.corrupt(.bmp, "pixel data truncated")
        }
        return try BMPRowReader(header: header, bytes: bytes).image()
    }
}
