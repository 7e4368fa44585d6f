/// One face found by `FaceDetector`, in the pixel coordinates of the image
/// that was searched.
///
/// The box follows dlib's `rectangle` convention: whole-pixel edges, with
/// `width` = right − left + 1, so it can be handed to dlib-trained stages
/// (the landmark predictor) unchanged.
public struct Detection: Sendable, Hashable {
    /// Box edges and size, in pixels.
    public var left: Double
    public var top: Double
    public var width: Double
    public var height: Double
    /// The detector's score; above 0 means a face at the default threshold.
    public var confidence: Double

    /// Creates a detection from its box and score.
    public init(left: Double, top: Double, width: Double, height: Double, confidence: Double) {
        self.left = left
        self.top = top
        self.width = width
        self.height = height
        self.confidence = confidence
    }

    /// Box area in square pixels.
    public var area: Double { width * height }
}
