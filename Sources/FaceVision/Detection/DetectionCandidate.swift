/// A detector window scoring above the threshold, before non-max suppression.
struct DetectionCandidate: Sendable {
    /// The window's box in image coordinates.
    var rect: PixelRect
    /// The pyramid level the window belongs to (0: the image itself; for the
    /// upsampled levels of small faces, a level of the 2× pyramid searched).
    var level: Int
    var score: Double
    /// Row-major index of the score cell, which fixes the order of equal scores.
    var cell: Int

    /// The public form of a kept candidate.
    var detection: Detection {
        Detection(left: Double(rect.left), top: Double(rect.top), width: Double(rect.width),
                  height: Double(rect.height), confidence: score)
    }
}
