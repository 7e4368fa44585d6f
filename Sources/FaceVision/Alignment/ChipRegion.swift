import Foundation

/// Where an aligned face chip lies in the source image: a square `rect`
/// rotated by `angle` about its centre, sampled onto `size`×`size` pixels
/// (dlib's `chip_details`).
struct ChipRegion: Equatable {
    var rect: RealRect
    var angle: Double
    var size: Int

    /// The region that maps `template` points (chip coordinates) onto
    /// `points` (image coordinates) by a least-squares similarity transform.
    init(mapping template: [Point2D], onto points: [Point2D], size: Int) {
        let transform = SimilarityTransform.leastSquares(from: template, to: points)
        let side = Double(size) * transform.scale
        let center = transform.apply(Point2D(x: Double(size) / 2, y: Double(size) / 2))
        rect = RealRect(centerX: center.x, centerY: center.y, width: side, height: side)
        angle = transform.angle
        self.size = size
    }

    /// `rect`'s corners after the rotation: top-left, top-right, bottom-left, bottom-right.
    func rotatedCorners(of rect: RealRect) -> [Point2D] {
        let (c, s) = (cos(angle), sin(angle))
        let center = rect.center
        return [rect.topLeft, rect.topRight, rect.bottomLeft, rect.bottomRight].map { p in
            let d = p - center
            return Point2D(x: c * d.x - s * d.y + center.x, y: s * d.x + c * d.y + center.y)
        }
    }
}
