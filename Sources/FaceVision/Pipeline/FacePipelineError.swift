import ImageDecoding

/// Why an image could not be analysed.
///
/// Service mapping: `.image` with an invalid size → `INVALID_IMAGE_SIZE`,
/// other `.image` errors → `IMAGE_ERROR_UNSUPPORTED_FORMAT`, `.noFace` →
/// `NO_FACE_FOUND`, `.overloaded` → refuse quickly (e.g. 403
/// `CONCURRENCY_LIMIT_EXCEEDED` or 503).
public enum FacePipelineError: Error, Sendable, Equatable {
    /// The bytes are not a decodable PNG/JPEG/BMP of an allowed size.
    case image(ImageDecodingError)
    /// No face was found (after the rotations, if they were asked for).
    case noFace
    /// Every worker is busy and the waiting queue is full.
    case overloaded
}

extension FacePipelineError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .image(let error): error.description
        case .noFace: "no face found"
        case .overloaded: "too many analyses in progress"
        }
    }
}
