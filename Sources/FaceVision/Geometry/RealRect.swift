/// A box with real-valued edges, inclusive like dlib's `drectangle`: its
/// width is `right − left + 1`, so a box around one pixel has width 1.
struct RealRect: Hashable, Sendable {
    var left: Double
    var top: Double
    var right: Double
    var bottom: Double

    var width: Double { isEmpty ? 0 : right - left + 1 }
    var height: Double { isEmpty ? 0 : bottom - top + 1 }
    var area: Double { width * height }
    var isEmpty: Bool { top > bottom || left > right }
    var centerX: Double { (left + right) / 2 }
    var centerY: Double { (top + bottom) / 2 }
    var center: Point2D { Point2D(x: centerX, y: centerY) }
    var topLeft: Point2D { Point2D(x: left, y: top) }
    var topRight: Point2D { Point2D(x: right, y: top) }
    var bottomLeft: Point2D { Point2D(x: left, y: bottom) }
    var bottomRight: Point2D { Point2D(x: right, y: bottom) }

    /// A box of `width` × `height` centred on a point (dlib's `centered_drect`):
    /// edges at centre ± (size − 1) / 2.
    init(centerX: Double, centerY: Double, width: Double, height: Double) {
        let (halfWidth, halfHeight) = ((width - 1) / 2, (height - 1) / 2)
        self.init(left: centerX - halfWidth, top: centerY - halfHeight,
                  right: centerX + halfWidth, bottom: centerY + halfHeight)
    }

    init(left: Double, top: Double, right: Double, bottom: Double) {
        self.left = left
        self.top = top
        self.right = right
        self.bottom = bottom
    }

    /// The smallest box holding all `points`.
    init(bounding points: [Point2D]) {
        self.init(left: points.map(\.x).min()!, top: points.map(\.y).min()!,
                  right: points.map(\.x).max()!, bottom: points.map(\.y).max()!)
    }

    /// This box in the next level of a 2:1 image pyramid (`RGBImage.halved`).
    var halved: RealRect {
        let down = { (p: Point2D) in Point2D(x: p.x / 2 - 1.25, y: p.y / 2 - 0.75) }
        let (a, b) = (down(topLeft), down(bottomRight))
        return RealRect(left: a.x, top: a.y, right: b.x, bottom: b.y)
    }

    func grown(by amount: Double) -> RealRect {
        RealRect(left: left - amount, top: top - amount, right: right + amount, bottom: bottom + amount)
    }

    func intersection(_ other: RealRect) -> RealRect {
        RealRect(left: max(left, other.left), top: max(top, other.top),
                 right: min(right, other.right), bottom: min(bottom, other.bottom))
    }

    /// Each edge rounded to the nearest pixel, halves up.
    var roundedToPixels: RealRect {
        let (a, b) = (topLeft.roundedToPixel, bottomRight.roundedToPixel)
        return RealRect(left: a.x, top: a.y, right: b.x, bottom: b.y)
    }
}
