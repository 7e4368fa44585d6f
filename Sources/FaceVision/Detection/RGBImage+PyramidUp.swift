import ImageDecoding

extension RGBImage {
    /// dlib's `pyramid_up` with `pyramid_down<2>` (what its Python binding does
    /// before detecting with upsampling), pixel for pixel: the output is the
    /// `rect_up` of the image, (2·height + 1) rows × (2·width + 2) columns, and
    /// dlib's RGB bilinear `resize_image` (corners aligned) fills it. Its
    /// arithmetic is reproduced exactly: columns in blocks of four in Float
    /// with truncation (its SIMD path), the last columns in Double.
    func pyramidUp() -> RGBImage {
        let outWidth = 2 * width + 2, outHeight = 2 * height + 1
        let xScale = Double(width - 1) / Double(outWidth - 1)
        let yScale = Double(height - 1) / Double(outHeight - 1)
        var out = [UInt8](repeating: 0, count: outWidth * outHeight * 3)
        let (width, height) = (width, height)
        pixels.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                var y = -yScale
                for r in 0..<outHeight {
                    y += yScale
                    let top = Int(y.rounded(.down)), bottom = min(top + 1, height - 1)
                    let across = y - Double(top)
                    let (topRow, bottomRow, outRow) = (top * width * 3, bottom * width * 3, r * outWidth * 3)
                    let (down, up) = (SIMD4<Float>(repeating: Float(across)), SIMD4<Float>(repeating: Float(1 - across)))
                    let start = -4 * xScale
                    var x = SIMD4<Float>(Float(start), Float(start + xScale), Float(start + 2 * xScale),
                                         Float(start + 3 * xScale))
                    let step = SIMD4<Float>(repeating: Float(4 * xScale))
                    var c = 0
                    while c + 3 < outWidth {
                        x += step
                        let left = SIMD4<Int32>(x, rounding: .towardZero)
                        let right = left &+ 1
                        guard right[3] < Int32(width) else { break }
                        let fraction = x - SIMD4<Float>(left), back = 1 - fraction
                        let (tl, tr, bl, br) = (up * back, up * fraction, down * back, down * fraction)
                        for lane in 0..<4 {
                            let (l, rr) = (Int(left[lane]) * 3, Int(right[lane]) * 3)
                            for channel in 0..<3 {
                                let value = tl[lane] * Float(src[topRow + l + channel])
                                    + tr[lane] * Float(src[topRow + rr + channel])
                                    + bl[lane] * Float(src[bottomRow + l + channel])
                                    + br[lane] * Float(src[bottomRow + rr + channel])
                                dst[outRow + (c + lane) * 3 + channel] = UInt8(truncatingIfNeeded: Int32(value))
                            }
                        }
                        c += 4
                    }
                    var xd = -xScale + Double(c) * xScale
                    while c < outWidth {
                        xd += xScale
                        let left = Int(xd.rounded(.down)), right = min(left + 1, width - 1)
                        let fraction = xd - Double(left)
                        for channel in 0..<3 {
                            let upper = (1 - fraction) * Double(src[topRow + left * 3 + channel])
                                + fraction * Double(src[topRow + right * 3 + channel])
                            let lower = (1 - fraction) * Double(src[bottomRow + left * 3 + channel])
                                + fraction * Double(src[bottomRow + right * 3 + channel])
                            let value = (1 - across) * upper + across * lower
                            dst[outRow + c * 3 + channel] = UInt8(min(255, max(0, value)))
                        }
                        c += 1
                    }
                }
            }
        }
        return RGBImage(width: outWidth, height: outHeight, pixels: out)
    }
}
