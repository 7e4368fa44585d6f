/// A point in image pixel coordinates (x right, y down), pixel centres at integers.
public struct Point2D: Sendable, Equatable, Hashable {
    public var x: Double
    public var y: Double

    /// Creates a point.
    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }

    /// Rounds each coordinate to the nearest integer, halves up (dlib's
    /// conversion of a real-valued point to a pixel).
    var roundedToPixel: Point2D { Point2D(x: (x + 0.5).rounded(.down), y: (y + 0.5).rounded(.down)) }

    static func + (a: Point2D, b: Point2D) -> Point2D { Point2D(x: a.x + b.x, y: a.y + b.y) }
    static func - (a: Point2D, b: Point2D) -> Point2D { Point2D(x: a.x - b.x, y: a.y - b.y) }
    static func * (s: Double, p: Point2D) -> Point2D { Point2D(x: s * p.x, y: s * p.y) }
}
