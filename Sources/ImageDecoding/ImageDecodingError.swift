/// Why bytes could not become an `RGBImage`.
///
/// The service maps `.invalidSize` to the contract's `INVALID_IMAGE_SIZE` and
/// every other case to `IMAGE_ERROR_UNSUPPORTED_FORMAT`.
public enum ImageDecodingError: Error, Sendable, Equatable {
    /// Not PNG, JPEG or BMP (GIF, WebP, TIFF or unrecognised bytes).
    case unsupportedFormat(ImageFormat)
    /// A supported container holding a variant we do not decode, e.g. a
    /// paletted or RLE-compressed BMP or a CMYK JPEG.
    case unsupportedVariant(ImageFormat, String)
    /// Truncated or malformed data.
    case corrupt(ImageFormat, String)
    /// The header's dimensions are outside the configured `PixelLimits`;
    /// detected before any pixel memory is allocated.
    case invalidSize(width: Int, height: Int)

    /// True for the errors the contract reports as `INVALID_IMAGE_SIZE`.
    public var isInvalidSize: Bool {
        if case .invalidSize = self { return true }
        return false
    }
}

extension ImageDecodingError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .unsupportedFormat(let format): "unsupported image format (\(format.rawValue))"
        case .unsupportedVariant(let format, let what): "unsupported \(format.rawValue) variant: \(what)"
        case .corrupt(let format, let why): "corrupt \(format.rawValue) data: \(why)"
        case .invalidSize(let width, let height): "image size \(width)x\(height) is outside the allowed range"
        }
    }
}
