/// An integer rectangle with inclusive edges, as dlib's `rectangle`: it
/// covers columns left...right and rows top...bottom, and is empty when
/// right < left or bottom < top.
struct PixelRect: Hashable, Sendable {
    var left: Int
    var top: Int
    var right: Int
    var bottom: Int

    /// A width × height rectangle at the origin.
    init(width: Int, height: Int) {
        self.init(left: 0, top: 0, right: width - 1, bottom: height - 1)
    }

    init(left: Int, top: Int, right: Int, bottom: Int) {
        self.left = left
        self.top = top
        self.right = right
        self.bottom = bottom
    }

    /// Rounds each edge of a real-valued rectangle to the nearest integer.
    init(rounding rect: RealRect) {
        self.init(left: Self.round(rect.left), top: Self.round(rect.top),
                  right: Self.round(rect.right), bottom: Self.round(rect.bottom))
    }

    var width: Int { isEmpty ? 0 : right - left + 1 }
    var height: Int { isEmpty ? 0 : bottom - top + 1 }
    var area: Int { width * height }
    var isEmpty: Bool { right < left || bottom < top }

    func translated(x: Int, y: Int) -> PixelRect {
        PixelRect(left: left + x, top: top + y, right: right + x, bottom: bottom + y)
    }

    func intersection(_ other: PixelRect) -> PixelRect {
        PixelRect(left: max(left, other.left), top: max(top, other.top),
                  right: min(right, other.right), bottom: min(bottom, other.bottom))
    }

    /// The smallest rectangle holding both (dlib's `a + b`).
    func boundingUnion(_ other: PixelRect) -> PixelRect {
        if isEmpty { return other }
        if other.isEmpty { return self }
        return PixelRect(left: min(left, other.left), top: min(top, other.top),
                         right: max(right, other.right), bottom: max(bottom, other.bottom))
    }

    func contains(x: Int, y: Int) -> Bool {
        x >= left && x <= right && y >= top && y <= bottom
    }

    /// Euclidean distance from a point to the nearest point of the rectangle.
    func distance(x: Int, y: Int) -> Double {
        let dx = Double(x - min(max(x, left), right)), dy = Double(y - min(max(y, top), bottom))
        return (dx * dx + dy * dy).squareRoot()
    }

    /// dlib rounds half up: ⌊v + 0.5⌋.
    static func round(_ value: Double) -> Int { Int((value + 0.5).rounded(.down)) }
}

/// A real-valued rectangle with the same edge convention (dlib's `drectangle`).
struct RealRect: Hashable, Sendable {
    var left: Double
    var top: Double
    var right: Double
    var bottom: Double

    /// A width × height window centred on a point, as dlib's `centered_drect`:
    /// edges at centre ± (size − 1) / 2.
    init(centerX: Double, centerY: Double, width: Double, height: Double) {
        left = centerX - (width - 1) / 2
        right = centerX + (width - 1) / 2
        top = centerY - (height - 1) / 2
        bottom = centerY + (height - 1) / 2
    }

    init(left: Double, top: Double, right: Double, bottom: Double) {
        self.left = left
        self.top = top
        self.right = right
        self.bottom = bottom
    }

    var centerX: Double { (left + right) / 2 }
    var centerY: Double { (top + bottom) / 2 }
}
