/// What the service needs of a face recognition model: the version libraries
/// name, the calibration that turns its similarity into confidence, and the
/// largest face of a photo with its embedding.
///
/// The server serves `RecognitionModel` (the model's files run by FaceVision);
/// tests of the service and the HTTP contract may use a deterministic fake.
public protocol FaceModel: Sendable {
    /// The `model_version` libraries name (e.g. "s21").
    var version: String { get }
    /// Cosine similarity → confidence, and the thresholds reported with searches.
    var calibration: ConfidenceCalibration { get }
    /// Analyses running and waiting right now (the inference gauges).
    var load: (running: Int, waiting: Int) { get }

    /// The largest face of an encoded image (JPEG, PNG, BMP), found upright or,
    /// with `multiOrientedDetection`, also turned by quarter turns.
    ///
    /// - Throws: `FaceModelError`; anything else is an internal failure.
    func largestFace(of imageBytes: [UInt8], multiOrientedDetection: Bool) async throws -> RecognizedFace
}

/// A face a model found: where it is, and its embedding.
public struct RecognizedFace: Sendable, Equatable {
    /// The face's box in the photo as decoded (upright per its EXIF orientation).
    public var box: FaceRectangle
    /// L2-normalised; as long as the model's embeddings (128 for s21).
    public var embedding: [Float]

    /// Pairs a box with an embedding.
    public init(box: FaceRectangle, embedding: [Float]) {
        self.box = box
        self.embedding = embedding
    }
}

/// Why a model found no face to give, in the service's terms.
public enum FaceModelError: Error, Equatable, Sendable {
    /// The image's pixel size is outside the configured limits.
    case invalidImageSize
    /// Not a PNG, JPEG or BMP the model reads, or corrupt.
    case unreadableImage
    /// The image holds no face.
    case noFace
    /// Every worker is busy and the waiting queue is full: refused at once.
    case overloaded
}
