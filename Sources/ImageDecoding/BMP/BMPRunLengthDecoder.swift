/// Expands RLE8 / RLE4 pixel data into one palette index per pixel, rows top
/// to bottom. Pixels the stream skips (delta escapes, early end of line) keep
/// index 0, as Pillow decodes them; runs past a row's end are clipped.
enum BMPRunLengthDecoder {
    /// Throws when the data ends before the last row is reached without an
    /// end-of-bitmap escape (a truncated file).
    static func indices(_ bytes: UnsafeRawBufferPointer, from start: Int, width: Int, height: Int,
                        bits: Int) throws -> [UInt8] {
        var out = [UInt8](repeating: 0, count: width * height)
        var offset = start
        // Stored rows run bottom-up: `row` counts from the bottom.
        var x = 0, row = 0
        var complete = false
        out.withUnsafeMutableBufferPointer { out in
            func put(_ index: UInt8) {
                if x < width && row < height { out[(height - 1 - row) * width + x] = index }
                x += 1
            }
            while offset + 1 < bytes.count, row < height {
                let count = Int(bytes[offset]), value = bytes[offset + 1]
                offset += 2
                if count > 0 {
                    for k in 0..<count { put(bits == 8 ? value : (k % 2 == 0 ? value >> 4 : value & 0x0F)) }
                    continue
                }
                switch value {
                case 0:  // end of line
                    x = 0
                    row += 1
                case 1:  // end of bitmap
                    complete = true
                    return
                case 2:  // delta: move right and up
                    guard offset + 1 < bytes.count else { return }
                    x += Int(bytes[offset])
                    row += Int(bytes[offset + 1])
                    offset += 2
                default:  // absolute run of `value` pixels, padded to a 16-bit boundary
                    let length = (Int(value) * bits + 7) / 8
                    guard offset + length <= bytes.count else { offset = bytes.count; return }
                    for k in 0..<Int(value) {
                        let byte = bytes[offset + k * bits / 8]
                        put(bits == 8 ? byte : (k % 2 == 0 ? byte >> 4 : byte & 0x0F))
                    }
                    offset += length + length % 2
                }
            }
            complete = complete || row >= height || (row == height - 1 && x >= width)
        }
        guard complete else { throw ImageDecodingError.corrupt(.bmp, "run-length data truncated") }
        return out
    }
}
