/// The pixel dimensions an image must have to be decoded, checked from the
/// header before any pixel memory is allocated.
public struct PixelLimits: Sendable, Equatable {
    /// Smallest allowed width and height, in pixels.
    public var minSide: Int
    /// Largest allowed width and height, in pixels.
    public var maxSide: Int
    /// Largest allowed width × height; bounds memory (4 bytes a pixel at most
    /// while decoding) even when both sides are within `maxSide`.
    public var maxPixels: Int

    /// The contract's defaults: 48…4096 px a side, at most 4096² pixels.
    public static let `default` = PixelLimits(minSide: 48, maxSide: 4096, maxPixels: 4096 * 4096)

    /// Creates limits; `maxPixels` defaults to `maxSide²`.
    public init(minSide: Int, maxSide: Int, maxPixels: Int? = nil) {
        self.minSide = minSide
        self.maxSide = maxSide
        self.maxPixels = maxPixels ?? maxSide * maxSide
    }

    /// Throws `.invalidSize` unless both sides and the area are within range.
    public func check(width: Int, height: Int) throws(ImageDecodingError) {
        let sidesOK = (minSide...maxSide).contains(width) && (minSide...maxSide).contains(height)
        guard sidesOK, width * height <= maxPixels else {
            throw .invalidSize(width: width, height: height)
        }
    }
}
