import Foundation
import ImageDecoding

/// Makes the benchmark's input images from the test photos and writes them
/// where both our code and the dlib oracle can read them.
enum BenchImages {
    /// A crop of `image` resized (bilinear) to width × height.
    static func cropResized(_ image: RGBImage, left: Int, top: Int, cropWidth: Int, cropHeight: Int,
                            width: Int, height: Int) -> RGBImage {
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        let sx = Double(cropWidth - 1) / Double(width - 1), sy = Double(cropHeight - 1) / Double(height - 1)
        for y in 0..<height {
            let fy = Double(top) + Double(y) * sy
            let y0 = Int(fy), y1 = min(y0 + 1, image.height - 1), wy = fy - Double(y0)
            for x in 0..<width {
                let fx = Double(left) + Double(x) * sx
                let x0 = Int(fx), x1 = min(x0 + 1, image.width - 1), wx = fx - Double(x0)
                for c in 0..<3 {
                    func at(_ yy: Int, _ xx: Int) -> Double { Double(image.pixels[(yy * image.width + xx) * 3 + c]) }
                    let v = (1 - wy) * ((1 - wx) * at(y0, x0) + wx * at(y0, x1)) + wy * ((1 - wx) * at(y1, x0) + wx * at(y1, x1))
                    pixels[(y * width + x) * 3 + c] = UInt8(min(255, max(0, v.rounded())))
                }
            }
        }
        return RGBImage(width: width, height: height, pixels: pixels)
    }

    /// Writes a 24-bit bottom-up BMP (a format dlib's `load_image` reads).
    static func writeBMP(_ image: RGBImage, to path: String) throws {
        let rowBytes = (image.width * 3 + 3) & ~3
        var data = Data()
        func le32(_ v: Int) { withUnsafeBytes(of: UInt32(v).littleEndian) { data.append(contentsOf: $0) } }
        func le16(_ v: Int) { withUnsafeBytes(of: UInt16(v).littleEndian) { data.append(contentsOf: $0) } }
        data.append(contentsOf: Array("BM".utf8))
        le32(54 + rowBytes * image.height); le32(0); le32(54)
        le32(40); le32(image.width); le32(image.height); le16(1); le16(24); le32(0)
        le32(rowBytes * image.height); le32(2835); le32(2835); le32(0); le32(0)
        for y in (0..<image.height).reversed() {
            var row = [UInt8](repeating: 0, count: rowBytes)
            for x in 0..<image.width {
                let p = (y * image.width + x) * 3
                row[x * 3] = image.pixels[p + 2]; row[x * 3 + 1] = image.pixels[p + 1]; row[x * 3 + 2] = image.pixels[p]
            }
            data.append(contentsOf: row)
        }
        try data.write(to: URL(fileURLWithPath: path))
    }
}
