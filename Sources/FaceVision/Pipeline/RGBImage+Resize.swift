import ImageDecoding

extension RGBImage {
    /// The image resampled to `newWidth`×`newHeight`: area-averaged when
    /// shrinking (no aliasing at any factor), bilinear when enlarging. Pixel
    /// `j` of the result covers `[j, j+1)/scale` of the source.
    func resized(width newWidth: Int, height newHeight: Int) -> RGBImage {
        if newWidth == width && newHeight == height { return self }
        let columns = ResampleTable(from: width, to: newWidth)
        let rows = ResampleTable(from: height, to: newHeight)
        // Horizontal pass: every source row → newWidth pixels, as Float.
        var wide = [Float](repeating: 0, count: height * newWidth * 3)
        pixels.withUnsafeBufferPointer { src in
            wide.withUnsafeMutableBufferPointer { dst in
                for y in 0..<height {
                    for x in 0..<newWidth {
                        var (r, g, b): (Float, Float, Float) = (0, 0, 0)
                        for (index, weight) in columns.taps(x) {
                            let s = (y * width + index) * 3
                            r += weight * Float(src[s]); g += weight * Float(src[s + 1]); b += weight * Float(src[s + 2])
                        }
                        let d = (y * newWidth + x) * 3
                        dst[d] = r; dst[d + 1] = g; dst[d + 2] = b
                    }
                }
            }
        }
        // Vertical pass: combine rows, round to 8 bits.
        var out = [UInt8](repeating: 0, count: newHeight * newWidth * 3)
        let stride = newWidth * 3
        wide.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                var accumulator = [Float](repeating: 0, count: stride)
                for y in 0..<newHeight {
                    for i in 0..<stride { accumulator[i] = 0 }
                    for (index, weight) in rows.taps(y) {
                        let s = index * stride
                        for i in 0..<stride { accumulator[i] += weight * src[s + i] }
                    }
                    for i in 0..<stride { dst[y * stride + i] = UInt8(min(255, max(0, accumulator[i] + 0.5))) }
                }
            }
        }
        return RGBImage(width: newWidth, height: newHeight, pixels: out)
    }
}

/// For each output index along one axis: the source indices and weights.
private struct ResampleTable {
    private var starts: [Int] = []
    private var indices: [Int] = []
    private var weights: [Float] = []

    init(from source: Int, to target: Int) {
        let scale = Double(target) / Double(source)
        for j in 0..<target {
            starts.append(indices.count)
            if scale < 1 {
                // Box filter: the source interval [j, j+1)/scale, weighted by overlap.
                let (lo, hi) = (Double(j) / scale, Double(j + 1) / scale)
                var i = Int(lo)
                while Double(i) < hi, i < source {
                    let overlap = min(hi, Double(i + 1)) - max(lo, Double(i))
                    if overlap > 0 { indices.append(i); weights.append(Float(overlap * scale)) }
                    i += 1
                }
            } else {
                let center = (Double(j) + 0.5) / scale - 0.5
                let i0 = Int(center.rounded(.down)), f = center - Double(i0)
                indices.append(min(max(i0, 0), source - 1)); weights.append(Float(1 - f))
                indices.append(min(max(i0 + 1, 0), source - 1)); weights.append(Float(f))
            }
        }
        starts.append(indices.count)
    }

    func taps(_ j: Int) -> Zip2Sequence<ArraySlice<Int>, ArraySlice<Float>> {
        zip(indices[starts[j]..<starts[j + 1]], weights[starts[j]..<starts[j + 1]])
    }
}
