/// Converts the rows of an uncompressed BMP pixel array (already checked to
/// lie inside the file) to RGB, one row at a time.
struct BMPRowReader {
    let header: BMPHeader
    let bytes: UnsafeRawBufferPointer

    func image() throws -> RGBImage {
        let palette: BMPPalette? = if case .indexed = header.layout { try BMPPalette(bytes, header: header) } else { nil }
        let ignoresAlpha = if case .masked(let bits, let masks) = header.layout, let alpha = masks.alpha {
            alphaIsZeroEverywhere(alpha, bits: bits)
        } else {
            false
        }
        let width = header.width
        var pixels = [UInt8](repeating: 0, count: width * header.height * 3)
        var indices = [UInt8](repeating: 0, count: palette == nil ? 0 : width)
        pixels.withUnsafeMutableBufferPointer { out in
            for y in 0..<header.height {
                let row = rowStart(y)
                let dst = y * width * 3
                switch header.layout {
                case .indexed(let bits):
                    indices.withUnsafeMutableBufferPointer { unpack(row: row, bits: bits, into: $0) }
                    indices.withUnsafeBufferPointer { palette?.expand($0, into: out, at: dst) }
                case .bgr24:
                    for x in 0..<width {
                        out[dst + 3 * x] = bytes[row + 3 * x + 2]
                        out[dst + 3 * x + 1] = bytes[row + 3 * x + 1]
                        out[dst + 3 * x + 2] = bytes[row + 3 * x]
                    }
                case .masked(let bits, let masks):
                    let alpha = ignoresAlpha ? nil : masks.alpha
                    for x in 0..<width {
                        let word = self.word(at: row + x * bits / 8, bits: bits)
                        let a = alpha?.value(in: word) ?? 255
                        out[dst + 3 * x] = AlphaCompositing.ontoBlack(masks.red.value(in: word), alpha: a)
                        out[dst + 3 * x + 1] = AlphaCompositing.ontoBlack(masks.green.value(in: word), alpha: a)
                        out[dst + 3 * x + 2] = AlphaCompositing.ontoBlack(masks.blue.value(in: word), alpha: a)
                    }
                case .runLength:
                    preconditionFailure("run-length data has no rows")
                }
            }
        }
        return RGBImage(width: width, height: header.height, pixels: pixels)
    }

    /// Where output row `y` (top to bottom) is stored.
    private func rowStart(_ y: Int) -> Int {
        header.pixelOffset + (header.topDown ? y : header.height - 1 - y) * header.rowStride
    }

    /// Palette indices of one row, most significant bits first.
    private func unpack(row: Int, bits: Int, into out: UnsafeMutableBufferPointer<UInt8>) {
        let perByte = 8 / bits, mask = UInt8((1 << bits) - 1)
        for x in 0..<out.count {
            let byte = bytes[row + x / perByte]
            out[x] = byte >> UInt8(8 - bits * (x % perByte + 1)) & mask
        }
    }

    @inline(__always)
    private func word(at offset: Int, bits: Int) -> UInt32 {
        let low = UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8
        return bits == 16 ? low : low | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24
    }

    private func alphaIsZeroEverywhere(_ alpha: BMPChannelMask, bits: Int) -> Bool {
        (0..<header.height).allSatisfy { y in
            let row = rowStart(y)
            return (0..<header.width).allSatisfy { alpha.value(in: word(at: row + $0 * bits / 8, bits: bits)) == 0 }
        }
    }
}
