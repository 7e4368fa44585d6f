import ImageDecoding
import Inference

extension PyramidTiling {
    /// Fills `tensor` (1×3×rows×columns) with the tiled pyramid of `image`:
    /// zero (the mean colour) everywhere, the normalised image in level 0,
    /// and each further level resized bilinearly from the previous level's
    /// normalised values, channel by channel, as dlib builds it.
    func fill(_ tensor: inout Tensor, with image: RGBImage, mean: (red: Float, green: Float, blue: Float)) {
        tensor.reshape(to: TensorShape(channels: 3, rows: rows, columns: columns))
        let means = [mean.red, mean.green, mean.blue]
        let stride = columns, planeSize = rows * columns
        tensor.withMutableValues { values in
            values.update(repeating: 0)
            let base = values.baseAddress!
            image.pixels.withUnsafeBufferPointer { pixels in
                let origin = levels[0]
                for c in 0..<3 {
                    for y in 0..<image.height {
                        let row = base + c * planeSize + (origin.top + y) * stride + origin.left
                        let source = y * image.width * 3 + c
                        for x in 0..<image.width { row[x] = (Float(pixels[source + x * 3]) - means[c]) / 256 }
                    }
                }
            }
            for level in levels.indices.dropFirst() {
                Self.resizeBilinear(planes: base, planeSize: planeSize, from: levels[level - 1], to: levels[level],
                                    stride: stride)
            }
        }
    }

    /// Bilinear resize with corners aligned (dlib's `resize_image`) of the three
    /// channel planes: output pixel (r, c) samples the source at
    /// (r·(h−1)/(h'−1), c·(w−1)/(w'−1)). Column positions are computed once
    /// per level and shared by every row and channel.
    private static func resizeBilinear(planes: UnsafeMutablePointer<Float>, planeSize: Int, from sourceRect: PixelRect,
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
            for channel in 0..<3 {
                let origin = planes + channel * planeSize + sourceRect.top * stride + sourceRect.left
                let topRow = origin + top * stride, bottomRow = origin + bottom * stride
                let out = planes + channel * planeSize + (destinationRect.top + r) * stride + destinationRect.left
                for c in 0..<width {
                    let across = weights[c], back = 1 - across
                    out[c] = up * (back * topRow[lefts[c]] + across * topRow[rights[c]])
                        + down * (back * bottomRow[lefts[c]] + across * bottomRow[rights[c]])
                }
            }
        }
    }
}
