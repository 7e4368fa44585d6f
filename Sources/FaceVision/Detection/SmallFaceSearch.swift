import ImageDecoding

/// What `FaceDetector` searches for faces smaller than its 80×80 window:
/// levels of dlib's upsampled pyramid (`pyramid_up`, 2×, then the 5/6
/// pyramid of that image), only those finer than the image itself (the
/// image's own pyramid covers the rest).
///
/// A level is searched when its window is at least `minFaceSize` / √1.2
/// image pixels (a face half a pyramid step smaller than the minimum is
/// still found, and one between two levels is found at either), and the
/// levels searched hold at most `maxPixels` pixels together: the finest are
/// dropped first, so the smallest face found grows on a large image instead
/// of the cost. With every level kept the boxes are dlib's upsample-1 boxes.
public struct SmallFaceSearch: Sendable, Equatable {
    /// Smallest face to find, in pixels of the searched image; below 40 it
    /// is 40 (one 2× upsampling, dlib's `upsample_num_times = 1`).
    public var minFaceSize: Double
    /// The most pixels the upsampled levels may hold together.
    public var maxPixels: Int

    public init(minFaceSize: Double, maxPixels: Int) {
        self.minFaceSize = minFaceSize
        self.maxPixels = maxPixels
    }
}

/// The upsampled levels one image gets: which levels of the 2× pyramid are
/// searched, and the image whose own pyramid holds them.
struct UpsampledLevels {
    /// Index in the 2× pyramid of the finest level searched (0: the 2× image).
    let first: Int
    /// Levels searched, `first` and the coarser ones after it.
    let count: Int
    /// Size of level `first`.
    let width: Int, height: Int

    /// Nil when no level is needed or affordable.
    init?(imageWidth: Int, imageHeight: Int, search: SmallFaceSearch, windowSize: Int) {
        // dlib's rect_up of the image, then ⌊5/6⌋ steps, as long as finer than the image.
        var sizes = [(width: Int, height: Int)]()
        var size = (width: 2 * imageWidth + 2, height: 2 * imageHeight + 1)
        while size.height > imageHeight && size.width > imageWidth {
            sizes.append(size)
            size = (PyramidTiling.downscaled(size.width), PyramidTiling.downscaled(size.height))
        }
        let smallestWanted = search.minFaceSize / 1.2.squareRoot()
        var chosen = sizes.indices.filter {
            Double(windowSize) * Double(imageHeight) / Double(sizes[$0].height) >= smallestWanted
        }
        while !chosen.isEmpty, chosen.reduce(0, { $0 + sizes[$1].width * sizes[$1].height }) > search.maxPixels {
            chosen.removeFirst()
        }
        guard let first = chosen.first else { return nil }
        (self.first, count, width, height) = (first, chosen.count, sizes[first].width, sizes[first].height)
    }

    /// Level `first` of the 2× pyramid: dlib's pyramid_up itself, or the
    /// image resized to that level's size when the finest levels were dropped.
    func image(from image: RGBImage) -> RGBImage {
        first == 0 ? image.pyramidUp() : image.resized(width: width, height: height)
    }

    /// A box in the upsampled image mapped to the original image: dlib's
    /// `pyramid_down<2>::rect_down` (p/2 − (1.25, 0.75), rounded) for the 2×
    /// image, else pixel j covering [j, j+1)·(original / upsampled).
    func original(_ box: PixelRect, imageWidth: Int, imageHeight: Int) -> PixelRect {
        if first == 0 {
            return PixelRect(left: PixelRect.round(Double(box.left) / 2 - 1.25),
                             top: PixelRect.round(Double(box.top) / 2 - 0.75),
                             right: PixelRect.round(Double(box.right) / 2 - 1.25),
                             bottom: PixelRect.round(Double(box.bottom) / 2 - 0.75))
        }
        let (sx, sy) = (Double(imageWidth) / Double(width), Double(imageHeight) / Double(height))
        return PixelRect(left: PixelRect.round(Double(box.left) * sx), top: PixelRect.round(Double(box.top) * sy),
                         right: PixelRect.round(Double(box.right + 1) * sx) - 1,
                         bottom: PixelRect.round(Double(box.bottom + 1) * sy) - 1)
    }
}
