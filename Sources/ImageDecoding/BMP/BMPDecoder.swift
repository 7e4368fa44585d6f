/// Uncompressed BMP by hand: 24-bit BGR and 32-bit BGRX or bitfields, rows
/// bottom-up (positive height) or top-down (negative height).
enum BMPDecoder {
    static func header(of bytes: UnsafeRawBufferPointer) throws -> ImageHeader {
        let header = try BMPHeader(bytes)
        return ImageHeader(format: .bmp, width: header.width, height: header.height)
    }

    static func decode(_ bytes: UnsafeRawBufferPointer, limits: ImageLimits) throws -> RGBImage {
        let header = try BMPHeader(bytes)
        try limits.check(width: header.width, height: header.height)
        let stride = header.rowStride
        // The last row needs only its pixels, not its padding (some writers trim it).
        let needed = stride * (header.height - 1) + header.width * header.bitsPerPixel / 8
        guard header.pixelOffset >= 14 + 40, header.pixelOffset <= bytes.count,
              needed <= bytes.count - header.pixelOffset else {
            throw ImageDecodingError.corrupt(.bmp, "pixel data truncated")
        }
        var pixels = [UInt8](repeating: 0, count: header.width * header.height * 3)
        pixels.withUnsafeMutableBufferPointer { out in
            for y in 0..<header.height {
                let storedRow = header.topDown ? y : header.height - 1 - y
                let row = header.pixelOffset + storedRow * stride
                let dst = y * header.width * 3
                if header.bitsPerPixel == 24 {
                    copyBGR(from: bytes, at: row, to: out, at: dst, count: header.width)
                } else {
                    copyMasked(from: bytes, at: row, to: out, at: dst, count: header.width, masks: header.masks)
                }
            }
        }
        return RGBImage(width: header.width, height: header.height, pixels: pixels)
    }

    private static func copyBGR(from src: UnsafeRawBufferPointer, at s: Int,
                                to dst: UnsafeMutableBufferPointer<UInt8>, at d: Int, count: Int) {
        for x in 0..<count {
            dst[d + 3 * x] = src[s + 3 * x + 2]
            dst[d + 3 * x + 1] = src[s + 3 * x + 1]
            dst[d + 3 * x + 2] = src[s + 3 * x]
        }
    }

    private static func copyMasked(from src: UnsafeRawBufferPointer, at s: Int,
                                   to dst: UnsafeMutableBufferPointer<UInt8>, at d: Int, count: Int,
                                   masks: (red: UInt32, green: UInt32, blue: UInt32)) {
        let channels = [masks.red, masks.green, masks.blue].map(ChannelMask.init)
        for x in 0..<count {
            let o = s + 4 * x
            let word = UInt32(src[o]) | UInt32(src[o + 1]) << 8 | UInt32(src[o + 2]) << 16 | UInt32(src[o + 3]) << 24
            for c in 0..<3 { dst[d + 3 * x + c] = channels[c].value(in: word) }
        }
    }

    /// Extracts one channel from a pixel word and scales it to 8 bits.
    private struct ChannelMask {
        let mask: UInt32, shift: UInt32, maximum: UInt32

        init(_ mask: UInt32) {
            self.mask = mask
            shift = UInt32(mask.trailingZeroBitCount)
            maximum = mask >> shift
        }

        func value(in word: UInt32) -> UInt8 {
            UInt8((UInt64((word & mask) >> shift) * 255 + UInt64(maximum) / 2) / UInt64(maximum))
        }
    }
}
