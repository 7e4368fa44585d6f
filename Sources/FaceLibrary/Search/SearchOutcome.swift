/// The answer to a `search`.
public struct SearchOutcome: Sendable, Equatable {
    /// Best first; only those above the request's threshold.
    public let matches: [SearchMatch]
    /// Confidence thresholds for false-accept rates "1e-3"…"1e-6" at this library's size.
    public let thresholds: [String: Double]
    /// Where the searched face is in the photo.
    public let rectangle: FaceRectangle
}

/// One enrolled face similar to the searched one.
public struct SearchMatch: Sendable, Equatable {
    public let face: Face
    /// 0–100, from the model's calibration, rounded to 3 decimals.
    public let confidence: Double

    static func rounded(_ confidence: Double) -> Double {
        (confidence * 1000).rounded() / 1000
    }
}
