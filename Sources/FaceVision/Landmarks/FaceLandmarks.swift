/// The five landmarks of dlib's 5-point model, in image pixel coordinates:
/// the outer and inner corner of the eye on the image's right (0, 1), the
/// outer and inner corner of the other eye (2, 3), and the base of the nose (4).
public struct FaceLandmarks: Sendable, Equatable {
    /// Exactly five points, in model order.
    public var points: [Point2D]

    /// Wraps five points.
    public init(points: [Point2D]) {
        precondition(points.count == 5, "FaceLandmarks: the s21 model has 5 landmarks, got \(points.count)")
        self.points = points
    }
}
