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
            let base = values.baseAddress!
            zeroOutsideLevels(base, stride: stride)
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

    /// Zeroes every pixel no level covers (the levels are written in full).
    private func zeroOutsideLevels(_ pixels: UnsafeMutablePointer<Float>, stride: Int) {
        let byLeft = levels.sorted { $0.left < $1.left }
        for y in 0..<rows {
            var x = 0
            for level in byLeft where level.top <= y && y <= level.bottom {
                (pixels + y * stride + x * 3).update(repeating: 0, count: (level.left - x) * 3)
                x = level.right + 1
            }
            (pixels + y * stride + x * 3).update(repeating: 0, count: (columns - x) * 3)
        }
    }

    /// Bilinear resize with corners aligned (dlib's `resize_image`), each of
    /// the three interleaved channels alone: output pixel (r, c) samples the
    /// source at (r·(h−1)/(h'−1), c·(w−1)/(w'−1)), horizontally first. Column
    /// positions are computed once per level; each source row is interpolated
    /// horizontally once and kept while the next output row still reads it.
    private static func resizeBilinear(_ pixels: UnsafeMutablePointer<Float>, from sourceRect: PixelRect,
                                       to destinationRect: PixelRect, stride: Int) {
        let sourceRows = sourceRect.height, sourceColumns = sourceRect.width, width = destinationRect.width
        let yScale = Double(sourceRows - 1) / Double(max(destinationRect.height - 1, 1))
        let xScale = Float(sourceColumns - 1) / Float(max(width - 1, 1))
        // Per output column: offsets of the left and right source pixels, and the right one's weight.
        let lefts = UnsafeMutablePointer<Int>.allocate(capacity: 2 * width)
        let rights = lefts + width
        let weights = UnsafeMutablePointer<Float>.allocate(capacity: 7 * width + 1)
        // Two source rows interpolated horizontally (3 floats per output column,
        // one spare), and which rows they are.
        var upper = weights + width, lower = upper + 3 * width, held = (upper: -1, lower: -1)
        defer {
            lefts.deallocate()
            weights.deallocate()
        }
        for c in 0..<width {
            let x = Float(c) * xScale, column = Int(x.rounded(.down))
            (lefts[c], rights[c], weights[c]) = (column * 3, min(column + 1, sourceColumns - 1) * 3, x - Float(column))
        }
        let origin = pixels + sourceRect.top * stride + sourceRect.left * 3
        // One pixel's three channels as one 4-lane operation, whose fourth lane
        // reads the next source pixel and is overwritten by the next output
        // pixel; the columns reading the source's last pixel go one channel at a time.
        let lastSource = (sourceColumns - 1) * 3
        func interpolate(row: Int, into buffer: UnsafeMutablePointer<Float>) {
            let source = origin + row * stride, bytes = UnsafeRawPointer(source)
            for c in 0..<width {
                let (left, right) = (lefts[c], rights[c])
                if right < lastSource {
                    let across = SIMD4(repeating: weights[c]), back = 1 - across
                    let l = bytes.loadUnaligned(fromByteOffset: left * 4, as: SIMD4<Float>.self)
                    let r = bytes.loadUnaligned(fromByteOffset: right * 4, as: SIMD4<Float>.self)
                    UnsafeMutableRawPointer(buffer + c * 3).storeBytes(of: back * l + across * r, as: SIMD4<Float>.self)
                } else {
                    let across = weights[c], back = 1 - across
                    for channel in 0..<3 {
                        buffer[c * 3 + channel] = back * source[left + channel] + across * source[right + channel]
                    }
                }
            }
        }
        for r in 0..<destinationRect.height {
            let y = Double(r) * yScale
            let top = Int(y.rounded(.down)), bottom = min(top + 1, sourceRows - 1)
            let down = Float(y - Double(top)), up = 1 - down
            if held.lower == top {
                swap(&upper, &lower)
                held = (held.lower, held.upper)
            }
            if held.upper != top {
                interpolate(row: top, into: upper)
                held.upper = top
            }
            if held.lower != bottom {
                interpolate(row: bottom, into: lower)
                held.lower = bottom
            }
            let out = pixels + (destinationRect.top + r) * stride + destinationRect.left * 3
            for i in 0..<width * 3 { out[i] = up * upper[i] + down * lower[i] }
        }
    }
}
