/// What an image's header says, read without decoding pixels.
public struct ImageHeader: Sendable, Equatable {
    public var format: ImageFormat
    /// Width as stored, before any EXIF orientation is applied.
    public var width: Int
    /// Height as stored, before any EXIF orientation is applied.
    public var height: Int
    /// The EXIF orientation tag (JPEG only; `.up` elsewhere).
    public var orientation: ImageOrientation

    /// Creates a header record.
    public init(format: ImageFormat, width: Int, height: Int, orientation: ImageOrientation = .up) {
        self.format = format
        self.width = width
        self.height = height
        self.orientation = orientation
    }
}
