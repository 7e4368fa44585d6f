/// Configured bounds on uploaded images.
public struct ImageLimits: Sendable, Equatable {
    /// Most bytes of an encoded image (default 5 MB).
    public var maxImageBytes: Int
    /// Smallest width or height accepted, in pixels (default 48).
    public var minSide: Int
    /// Largest width or height accepted, in pixels (default 4096).
    public var maxSide: Int
    /// Most pixels (width × height) accepted, read from the header before
    /// decoding, so that a small file cannot make the decoder allocate
    /// gigabytes (default 4096 × 4096).
    public var maxPixels: Int

    /// The contract's defaults.
    public static let defaults = ImageLimits(maxImageBytes: 5 * 1024 * 1024, minSide: 48, maxSide: 4096)

    /// Sets every bound.
    public init(maxImageBytes: Int, minSide: Int, maxSide: Int, maxPixels: Int = 4096 * 4096) {
        self.maxImageBytes = maxImageBytes
        self.minSide = minSide
        self.maxSide = maxSide
        self.maxPixels = maxPixels
    }
}
