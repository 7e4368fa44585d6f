/// Turns encoded image bytes (PNG, JPEG/JFIF, BMP) into an `RGBImage`.
///
/// Every decode reads the header first and checks `limits` before any pixel
/// memory is allocated. Bad input of any kind, including truncated, hostile or
/// random bytes, ends in an `ImageDecodingError`, never a crash.
public struct ImageDecoder: Sendable {
    /// The dimensions an image must have.
    public var limits: PixelLimits
    /// Whether a JPEG's EXIF orientation tag is applied, so the pixels come
    /// out upright as a viewer shows them.
    public var appliesEXIFOrientation: Bool

    /// Creates a decoder with the given limits.
    public init(limits: PixelLimits = .default, appliesEXIFOrientation: Bool = true) {
        self.limits = limits
        self.appliesEXIFOrientation = appliesEXIFOrientation
    }

    /// Reads format, stored dimensions and orientation without decoding pixels.
    public func header(of bytes: [UInt8]) throws(ImageDecodingError) -> ImageHeader {
        try run(bytes) { format, raw in
            switch format {
            case .jpeg: try JPEGDecoder.header(of: raw)
            case .png: try PNGDecoder.header(of: raw)
            default: try BMPDecoder.header(of: raw)
            }
        }
    }

    /// Decodes the bytes to upright 8-bit RGB.
    public func decode(_ bytes: [UInt8]) throws(ImageDecodingError) -> RGBImage {
        try run(bytes) { format, raw in
            switch format {
            case .jpeg:
                let image = try JPEGDecoder.decode(raw, limits: limits)
                return appliesEXIFOrientation ? image.oriented(EXIFOrientation.read(from: raw)) : image
            case .png: return try PNGDecoder.decode(raw, limits: limits)
            default: return try BMPDecoder.decode(raw, limits: limits)
            }
        }
    }

    private func run<T>(_ bytes: [UInt8],
                        _ body: (ImageFormat, UnsafeRawBufferPointer) throws -> T) throws(ImageDecodingError) -> T {
        do {
            return try bytes.withUnsafeBytes { raw in
                let format = ImageFormat(sniffing: raw)
                guard format.isSupported else { throw ImageDecodingError.unsupportedFormat(format) }
                return try body(format, raw)
            }
        } catch let error as ImageDecodingError {
            throw error
        } catch {
            throw .corrupt(.unknown, "\(error)")
        }
    }
}
