/// Writes 24-bit bottom-up BMP files: the simplest image a test can make
/// (e.g. a rotated photo, or a header that lies about its size).
public enum BMPWriter {
    /// A BMP of `width × height` RGB pixels (rows top to bottom).
    public static func encode(width: Int, height: Int, rgb: [UInt8]) -> [UInt8] {
        let rowBytes = (width * 3 + 3) / 4 * 4
        var file = header(width: width, height: height, pixelBytes: rowBytes * height)
        for row in (0..<height).reversed() {
            for x in 0..<width {
                let i = (row * width + x) * 3
                file += [rgb[i + 2], rgb[i + 1], rgb[i]]
            }
            file += [UInt8](repeating: 0, count: rowBytes - width * 3)
        }
        return file
    }

    /// The 54-byte file and info headers of a 24-bit bottom-up BMP.
    public static func header(width: Int, height: Int, pixelBytes: Int) -> [UInt8] {
        func le32(_ value: Int) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }
        return Array("BM".utf8) + le32(54 + pixelBytes) + le32(0) + le32(54)
            + le32(40) + le32(width) + le32(height) + [1, 0, 24, 0] + le32(0) + le32(pixelBytes)
            + le32(2835) + le32(2835) + le32(0) + le32(0)
    }
}
