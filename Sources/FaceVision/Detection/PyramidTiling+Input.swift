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
                for c in 0..<3 {
                    let plane = base + c * planeSize
                    Self.resizeBilinear(from: plane, levels[level - 1], to: plane, levels[level], stride: stride)
                }
            }
        }
    }

    /// Bilinear resize with corners aligned (dlib's `resize_image`): output
    /// pixel (r, c) samples the source at (r·(h−1)/(h'−1), c·(w−1)/(w'−1)).
    private static func resizeBilinear(from source: UnsafePointer<Float>, _ sourceRect: PixelRect,
                                       to destination: UnsafeMutablePointer<Float>, _ destinationRect: PixelRect,
                                       stride: Int) {
        let sourceRows = sourceRect.height, sourceColumns = sourceRect.width
        let yScale = Double(sourceRows - 1) / Double(max(destinationRect.height - 1, 1))
        let xScale = Float(sourceColumns - 1) / Float(max(destinationRect.width - 1, 1))
        let sourceOrigin = source + sourceRect.top * stride + sourceRect.left
        for r in 0..<destinationRect.height {
            let y = Double(r) * yScale
            let top = Int(y.rounded(.down)), bottom = min(top + 1, sourceRows - 1)
            let down = Float(y - Double(top)), up = 1 - down
            let topRow = sourceOrigin + top * stride, bottomRow = sourceOrigin + bottom * stride
            let out = destination + (destinationRect.top + r) * stride + destinationRect.left
            for c in 0..<destinationRect.width {
                let x = Float(c) * xScale
                let left = Int(x.rounded(.down)), right = min(left + 1, sourceColumns - 1)
                let across = x - Float(left), back = 1 - across
                out[c] = up * (back * topRow[left] + across * topRow[right])
                    + down * (back * bottomRow[left] + across * bottomRow[right])
            }
        }
    }
}
