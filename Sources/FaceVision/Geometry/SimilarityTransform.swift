import Foundation

/// A similarity transform (uniform scale, rotation, translation):
/// `x' = a·x − b·y + tx`, `y' = b·x + a·y + ty`.
struct SimilarityTransform: Equatable {
    var a: Double
    var b: Double
    var tx: Double
    var ty: Double

    /// The least-squares transform taking `from[i]` towards `to[i]` with a
    /// proper rotation (Umeyama's estimate, as dlib's
    /// `find_similarity_transform`, written in its closed 2-D form).
    static func leastSquares(from: [Point2D], to: [Point2D]) -> SimilarityTransform {
        precondition(from.count == to.count && from.count >= 2)
        let n = Double(from.count)
        let meanFrom = (1 / n) * from.reduce(Point2D(x: 0, y: 0), +)
        let meanTo = (1 / n) * to.reduce(Point2D(x: 0, y: 0), +)
        var spread = 0.0, dot = 0.0, cross = 0.0
        for (f, t) in zip(from, to) {
            let p = f - meanFrom, q = t - meanTo
            spread += p.x * p.x + p.y * p.y
            dot += p.x * q.x + p.y * q.y
            cross += p.x * q.y - p.y * q.x
        }
        guard spread > 0 else { return SimilarityTransform(a: 1, b: 0, tx: meanTo.x - meanFrom.x, ty: meanTo.y - meanFrom.y) }
        let a = dot / spread, b = cross / spread
        return SimilarityTransform(a: a, b: b,
                                   tx: meanTo.x - (a * meanFrom.x - b * meanFrom.y),
                                   ty: meanTo.y - (b * meanFrom.x + a * meanFrom.y))
    }

    func apply(_ p: Point2D) -> Point2D {
        Point2D(x: a * p.x - b * p.y + tx, y: b * p.x + a * p.y + ty)
    }

    /// The uniform scale factor.
    var scale: Double { (a * a + b * b).squareRoot() }
    /// The rotation angle in radians.
    var angle: Double { atan2(b, a) }
}
