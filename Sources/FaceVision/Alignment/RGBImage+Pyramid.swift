import ImageDecoding

extension RGBImage {
    /// The next level of dlib's 2:1 image pyramid (`pyramid_down<2>`): a
    /// separable [1 4 6 4 1]/16 blur sampled at every other pixel. Output pixel
    /// (x, y) is centred on input pixel (2x+2, 2y+2); the output is
    /// ⌊(w−3)/2⌋ × ⌊(h−3)/2⌋, and nil when a side is 8 pixels or less.
    func halved() -> RGBImage? {
        guard width > 8, height > 8 else { return nil }
        let (outWidth, outHeight) = ((width - 3) / 2, (height - 3) / 2)
        // Horizontal pass on every row (sums up to 16·255 fit in UInt16).
        var rows = [UInt16](repeating: 0, count: height * outWidth * 3)
        pixels.withUnsafeBufferPointer { src in
            rows.withUnsafeMutableBufferPointer { dst in
                for y in 0..<height {
                    let s = y * width * 3, d = y * outWidth * 3
                    for x in 0..<outWidth {
                        for c in 0..<3 {
                            let i = s + 6 * x + c
                            let sum = UInt16(src[i]) + 4 * UInt16(src[i + 3]) + 6 * UInt16(src[i + 6])
                                + 4 * UInt16(src[i + 9]) + UInt16(src[i + 12])
                            dst[d + 3 * x + c] = sum
                        }
                    }
                }
            }
        }
        // Vertical pass on every other row (sums up to 256·255 fit in UInt16 too).
        var out = [UInt8](repeating: 0, count: outWidth * outHeight * 3)
        let stride = outWidth * 3
        rows.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for y in 0..<outHeight {
                    let r = (2 * y + 2) * stride
                    for i in 0..<stride {
                        let sum = UInt32(src[r - 2 * stride + i]) + 4 * UInt32(src[r - stride + i])
                            + 6 * UInt32(src[r + i]) + 4 * UInt32(src[r + stride + i]) + UInt32(src[r + 2 * stride + i])
                        dst[y * stride + i] = UInt8(truncatingIfNeeded: sum / 256)
                    }
                }
            }
        }
        return RGBImage(width: outWidth, height: outHeight, pixels: out)
    }

    /// The pixels inside `rect`, which must lie within the image.
    func cropped(to rect: PixelRect) -> RGBImage {
        precondition(rect.left >= 0 && rect.top >= 0 && rect.right < width && rect.bottom < height)
        var out = [UInt8]()
        out.reserveCapacity(rect.area * 3)
        for y in rect.top...rect.bottom {
            let start = (y * width + rect.left) * 3
            out.append(contentsOf: pixels[start..<(start + rect.width * 3)])
        }
        return RGBImage(width: rect.width, height: rect.height, pixels: out)
    }
}
