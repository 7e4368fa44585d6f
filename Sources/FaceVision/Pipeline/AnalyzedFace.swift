/// One face found in an image, in the coordinates of the image as decoded
/// (upright per its EXIF orientation).
public struct AnalyzedFace: Sendable, Equatable {
    /// The detector's box (dlib convention: whole pixels, inclusive edges).
    public var box: PixelRect
    /// The detector's score; above 0 at the default threshold.
    public var confidence: Double
    /// The five landmarks, fitted on the original-resolution pixels.
    public var landmarks: FaceLandmarks
    /// The L2-normalised 128-D embedding.
    public var embedding: [Float]
    /// Clockwise quarter turns the image needed for this face to be found
    /// (non-zero only with multi-oriented detection); coordinates are still
    /// those of the unrotated image.
    public var quarterTurns: Int

    /// Creates a face record.
    public init(box: PixelRect, confidence: Double, landmarks: FaceLandmarks, embedding: [Float], quarterTurns: Int = 0) {
        self.box = box
        self.confidence = confidence
        self.landmarks = landmarks
        self.embedding = embedding
        self.quarterTurns = quarterTurns
    }
}

/// Everything found in one image.
public struct FaceAnalysis: Sendable, Equatable {
    /// Width of the decoded image.
    public var width: Int
    /// Height of the decoded image.
    public var height: Int
    /// Faces by box area, largest first; empty when none was found.
    public var faces: [AnalyzedFace]
    /// Time spent in each stage.
    public var timings: StageTimings

    /// Creates an analysis record.
    public init(width: Int, height: Int, faces: [AnalyzedFace], timings: StageTimings = StageTimings()) {
        self.width = width
        self.height = height
        self.faces = faces
        self.timings = timings
    }
}
