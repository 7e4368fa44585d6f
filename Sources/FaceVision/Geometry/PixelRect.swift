/// A box of whole pixels with inclusive edges, as dlib's `rectangle`: it
/// covers columns `left…right` and rows `top…bottom`, and is empty when
/// `right < left` or `bottom < top`.
public struct PixelRect: Sendable, Hashable {
    public var left: Int
    public var top: Int
    public var right: Int
    public var bottom: Int

    /// Creates a box from its top-left pixel and size.
    public init(left: Int, top: Int, width: Int, height: Int) {
        self.init(left: left, top: top, right: left + width - 1, bottom: top + height - 1)
    }

    /// Creates a box from its inclusive edges.
    public init(left: Int, top: Int, right: Int, bottom: Int) {
        self.left = left
        self.top = top
        self.right = right
        self.bottom = bottom
    }

    /// A width × height box at the origin.
    init(width: Int, height: Int) {
        self.init(left: 0, top: 0, right: width - 1, bottom: height - 1)
    }

    /// Rounds each edge of a real-valued box to the nearest integer, halves up.
    init(rounding rect: RealRect) {
        self.init(left: Self.round(rect.left), top: Self.round(rect.top),
                  right: Self.round(rect.right), bottom: Self.round(rect.bottom))
    }

    public var width: Int { isEmpty ? 0 : right - left + 1 }
    public var height: Int { isEmpty ? 0 : bottom - top + 1 }
    public var area: Int { width * height }
    public var isEmpty: Bool { right < left || bottom < top }

    /// Intersection over union with another box; 0 when they do not overlap.
    public func intersectionOverUnion(_ other: PixelRect) -> Double {
        let overlap = intersection(other).area
        return overlap == 0 ? 0 : Double(overlap) / Double(area + other.area - overlap)
    }

    func translated(x: Int, y: Int) -> PixelRect {
        PixelRect(left: left + x, top: top + y, right: right + x, bottom: bottom + y)
    }

    func intersection(_ other: PixelRect) -> PixelRect {
        PixelRect(left: max(left, other.left), top: max(top, other.top),
                  right: min(right, other.right), bottom: min(bottom, other.bottom))
    }

    /// The smallest box holding both (dlib's `a + b`).
    func boundingUnion(_ other: PixelRect) -> PixelRect {
        if isEmpty { return other }
        if other.isEmpty { return self }
        return PixelRect(left: min(left, other.left), top: min(top, other.top),
                         right: max(right, other.right), bottom: max(bottom, other.bottom))
    }

    func contains(x: Int, y: Int) -> Bool {
        x >= left && x <= right && y >= top && y <= bottom
    }

    /// Euclidean distance from a point to the nearest point of the box.
    func distance(x: Int, y: Int) -> Double {
        let dx = Double(x - min(max(x, left), right)), dy = Double(y - min(max(y, top), bottom))
        return (dx * dx + dy * dy).squareRoot()
    }

    /// dlib rounds half up: ⌊v + 0.5⌋.
    static func round(_ value: Double) -> Int { Int((value + 0.5).rounded(.down)) }
}
