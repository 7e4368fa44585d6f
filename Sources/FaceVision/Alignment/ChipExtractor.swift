import ImageDecoding

// Design note: this reproduces dlib's `extract_image_chip` with bilinear
// interpolation, so our chips (and therefore embeddings) match dlib's.
//
//   chip region (rotated square, real-valued) ──► pyramid depth: halve the
//   region until one more halving would leave ≤ size² pixels
//        │
//   crop the image to the rotated region's bounding box, grown by a margin
//   that covers the blur of every pyramid level ──► halve the crop `depth` times
//        │
//   map each chip pixel (affine: chip corners → rotated region corners in the
//   chosen level) ──► bilinear sample, truncate to 8 bits; outside → black
//
// Invariant: a chip pixel depends only on the crop, never on pixels outside it.

/// Samples an aligned face chip out of an image.
enum ChipExtractor {
    /// The `region.size`² RGB chip for `region` of `image`.
    static func extract(_ region: ChipRegion, from image: RGBImage) -> RGBImage {
        let size = region.size, target = Double(size * size)
        var depth = 0, margin = 2.0
        var probe = region.rect.halved
        while probe.area > target {
            probe = probe.halved
            depth += 1
            margin = margin * 2 + 2
        }
        let imageRect = RealRect(left: 0, top: 0, right: Double(image.width - 1), bottom: Double(image.height - 1))
        let bounds = RealRect(bounding: region.rotatedCorners(of: region.rect))
            .grown(by: margin).intersection(imageRect).roundedToPixels
        var chip = [UInt8](repeating: 0, count: size * size * 3)
        guard !bounds.isEmpty else { return RGBImage(width: size, height: size, pixels: chip) }

        var source: RGBImage? = image.cropped(to: PixelRect(
            left: Int(bounds.left), top: Int(bounds.top),
            width: Int(bounds.right - bounds.left) + 1, height: Int(bounds.bottom - bounds.top) + 1))
        var rect = RealRect(left: region.rect.left - bounds.left, top: region.rect.top - bounds.top,
                            right: region.rect.right - bounds.left, bottom: region.rect.bottom - bounds.top)
        for _ in 0..<depth {
            source = source?.halved()
            rect = rect.halved
        }
        guard let source else { return RGBImage(width: size, height: size, pixels: chip) }

        let corners = region.rotatedCorners(of: rect)
        let (origin, topRight, bottomLeft) = (corners[0], corners[1], corners[2])
        let step = 1 / Double(size - 1)
        let alongRow = step * (topRight - origin), alongColumn = step * (bottomLeft - origin)
        chip.withUnsafeMutableBufferPointer { out in
            source.pixels.withUnsafeBufferPointer { pixels in
                for y in 0..<size {
                    for x in 0..<size {
                        let p = origin + Double(x) * alongRow + Double(y) * alongColumn
                        sampleBilinear(pixels, width: source.width, height: source.height, at: p,
                                       into: out, at: (y * size + x) * 3)
                    }
                }
            }
        }
        return RGBImage(width: size, height: size, pixels: chip)
    }

    /// Writes the bilinear blend of the 2×2 pixels around `p`, truncated, or
    /// leaves black when any of them is outside the image.
    @inline(__always)
    private static func sampleBilinear(_ pixels: UnsafeBufferPointer<UInt8>, width: Int, height: Int, at p: Point2D,
                                       into out: UnsafeMutableBufferPointer<UInt8>, at o: Int) {
        let (fx, fy) = (p.x.rounded(.down), p.y.rounded(.down))
        guard fx >= 0, fy >= 0, fx < Double(width - 1), fy < Double(height - 1) else { return }
        let (left, top) = (Int(fx), Int(fy))
        let (dx, dy) = (p.x - fx, p.y - fy)
        let i = (top * width + left) * 3, below = i + width * 3
        for c in 0..<3 {
            let upper = (1 - dx) * Double(pixels[i + c]) + dx * Double(pixels[i + 3 + c])
            let lower = (1 - dx) * Double(pixels[below + c]) + dx * Double(pixels[below + 3 + c])
            out[o + c] = UInt8((1 - dy) * upper + dy * lower)
        }
    }
}
