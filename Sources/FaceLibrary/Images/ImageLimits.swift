/// Configured bounds on uploaded images.
public struct ImageLimits: Sendable, Equatable {
    /// Most bytes of an encoded image (default 5 MB).
    public var maxImageBytes: Int
    /// Smallest width or height accepted, in pixels (default 48).
    public var minSide: Int
    /// Largest width or height accepted, in pixels (default 4096).
    public var maxSide: Int

    /// The contract's defaults.
    public static let defaults = ImageLimits(maxImageBytes: 5 * 1024 * 1024, minSide: 48, maxSide: 4096)

    /// Sets every bound.
    public init(maxImageBytes: Int, minSide: Int, maxSide: Int) {
        self.maxImageBytes = maxImageBytes
        self.minSide = minSide
        self.maxSide = maxSide
    }
}
