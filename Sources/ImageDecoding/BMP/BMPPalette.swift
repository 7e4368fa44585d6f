/// A BMP colour table as 256 RGB entries: entries the file does not declare
/// are black, so every 8-bit index, even a hostile one, has a colour.
struct BMPPalette {
    private(set) var rgb = [UInt8](repeating: 0, count: 256 * 3)

    /// Reads `header.paletteCount` BGR(X) entries; throws when they run past the file.
    init(_ bytes: UnsafeRawBufferPointer, header: BMPHeader) throws {
        let size = header.paletteEntrySize
        guard header.paletteOffset + header.paletteCount * size <= bytes.count else {
            throw ImageDecodingError.corrupt(.bmp, "colour table truncated")
        }
        for i in 0..<header.paletteCount {
            let o = header.paletteOffset + i * size
            rgb[3 * i] = bytes[o + 2]
            rgb[3 * i + 1] = bytes[o + 1]
            rgb[3 * i + 2] = bytes[o]
        }
    }

    /// Writes the colours of `indices` (one byte each) as RGB.
    func expand(_ indices: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableBufferPointer<UInt8>, at start: Int) {
        rgb.withUnsafeBufferPointer { table in
            var d = start
            for index in indices {
                let s = Int(index) * 3
                out[d] = table[s]
                out[d + 1] = table[s + 1]
                out[d + 2] = table[s + 2]
                d += 3
            }
        }
    }
}
