import ImageDecoding
import Inference

extension PyramidTiling {
    /// Fills `map` (rows×columns×3, channels last) with the tiled pyramid of
    /// `image`: zero (the mean colour) everywhere, the normalised image in
    /// level 0, and each further level resized bilinearly from the previous
    /// level's normalised values, channel by channel, as dlib builds it.
    func fill(_ map: inout FeatureMap, with image: RGBImage, mean: (red: Float, green: Float, blue: Float)) {
        map.reshape(samples: 1, rows: rows, columns: columns, channels: 3)
        let stride = columns * 3
        map.withUnsafeMutableValues { values in
            values.update(repeating: 0)
            let base = values.baseAddress!
            let origin = levels[0]
            image.pixels.withUnsafeBufferPointer { pixels in
                for y in 0..<image.height {
                    let row = base + (origin.top + y) * stride + origin.left * 3, source = y * image.width * 3
                    for x in 0..<image.width {
                        row[x * 3] = (Float(pixels[source + x * 3]) - mean.red) / 256
                        row[x * 3 + 1] = (Float(pixels[source + x * 3 + 1]) - mean.green) / 256
                        row[x * 3 + 2] = (Float(pixels[source + x * 3 + 2]) - mean.blue) / 256
                    }
                }
            }
            for level in levels.indices.dropFirst() {
                Self.resizeBilinear(base, from: levels[level - 1], to: levels[level], stride: stride)
            }
        }
    }

    /// Bilinear resize with corners aligned (dlib's `resize_image`), each of
    /// the three interleaved channels alone: output pixel (r, c) samples the
    /// source at (r·(h−1)/(h'−1), c·(w−1)/(w'−1)). Column positions are
    /// computed once per level and shared by every row and channel.
    private static func resizeBilinear(_ pixels: UnsafeMutablePointer<Float>, from sourceRect: PixelRect,
                                       to destinationRect: PixelRect, stride: Int) {
        let sourceRows = sourceRect.height, sourceColumns = sourceRect.width, width = destinationRect.width
        let yScale = Double(sourceRows - 1) / Double(max(destinationRect.height - 1, 1))
        let xScale = Float(sourceColumns - 1) / Float(max(width - 1, 1))
        var lefts = [Int](repeating: 0, count: width), rights = lefts
        var weights = [Float](repeating: 0, count: width)
        for c in 0..<width {
            let x = Float(c) * xScale
            lefts[c] = Int(x.rounded(.down))
            rights[c] = min(lefts[c] + 1, sourceColumns - 1)
            weights[c] = x - Float(lefts[c])
        }
        for r in 0..<destinationRect.height {
            let y = Double(r) * yScale
            let top = Int(y.rounded(.down)), bottom = min(top + 1, sourceRows - 1)
            let down = Float(y - Double(top)), up = 1 - down
            let origin = pixels + sourceRect.top * stride + sourceRect.left * 3
            let topRow = origin + top * stride, bottomRow = origin + bottom * stride
            let out = pixels + (destinationRect.top + r) * stride + destinationRect.left * 3
            for c in 0..<width {
                let across = weights[c], back = 1 - across, left = lefts[c] * 3, right = rights[c] * 3
                for channel in 0..<3 {
                    out[c * 3 + channel] = up * (back * topRow[left + channel] + across * topRow[right + channel])
                        + down * (back * bottomRow[left + channel] + across * bottomRow[right + channel])
                }
            }
        }
    }
}
