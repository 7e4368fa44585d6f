extension RGBImage {
    /// Returns the image as it is meant to be displayed under `orientation`.
    public func oriented(_ orientation: ImageOrientation) -> RGBImage {
        guard orientation != .up else { return self }
        let outWidth = orientation.swapsSides ? height : width
        let outHeight = orientation.swapsSides ? width : height
        // Source pixel of output (x, y): (sx0 + sxx·x + sxy·y, sy0 + syx·x + syy·y).
        let (w, h) = (width - 1, height - 1)
        let (sx0, sxx, sxy, sy0, syx, syy): (Int, Int, Int, Int, Int, Int) =
            switch orientation {
            case .up: (0, 1, 0, 0, 0, 1)
            case .mirrored: (w, -1, 0, 0, 0, 1)
            case .rotated180: (w, -1, 0, h, 0, -1)
            case .flippedVertically: (0, 1, 0, h, 0, -1)
            case .transposed: (0, 0, 1, 0, 1, 0)
            case .rotated90Clockwise: (0, 0, 1, h, -1, 0)
            case .transverse: (w, 0, -1, h, -1, 0)
            case .rotated90CounterClockwise: (w, 0, -1, 0, 1, 0)
            }
        var out = [UInt8](repeating: 0, count: pixels.count)
        let stride = width * 3
        pixels.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                var o = 0
                for y in 0..<outHeight {
                    var sx = sx0 + sxy * y, sy = sy0 + syy * y
                    for _ in 0..<outWidth {
                        let s = sy * stride + sx * 3
                        dst[o] = src[s]
                        dst[o + 1] = src[s + 1]
                        dst[o + 2] = src[s + 2]
                        o += 3
                        sx += sxx
                        sy += syx
                    }
                }
            }
        }
        return RGBImage(width: outWidth, height: outHeight, pixels: out)
    }

    /// Returns the image turned clockwise by `quarterTurns` × 90°.
    public func rotated(quarterTurnsClockwise quarterTurns: Int) -> RGBImage {
        oriented(.rotation(quarterTurnsClockwise: quarterTurns))
    }
}
