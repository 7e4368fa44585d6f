/// An axis-aligned box of whole pixels: `left…left+width-1` × `top…top+height-1`.
public struct PixelRect: Sendable, Equatable, Hashable {
    public var left: Int
    public var top: Int
    public var width: Int
    public var height: Int

    /// Creates a box from its top-left pixel and size.
    public init(left: Int, top: Int, width: Int, height: Int) {
        self.left = left
        self.top = top
        self.width = width
        self.height = height
    }

    /// The last column inside the box (dlib's `right()`).
    public var right: Int { left + width - 1 }
    /// The last row inside the box (dlib's `bottom()`).
    public var bottom: Int { top + height - 1 }
    /// Width × height.
    public var area: Int { width * height }

    /// Intersection over union with another box; 0 when they do not overlap.
    public func intersectionOverUnion(_ other: PixelRect) -> Double {
        let w = min(right, other.right) - max(left, other.left) + 1
        let h = min(bottom, other.bottom) - max(top, other.top) + 1
        guard w > 0, h > 0 else { return 0 }
        return Double(w * h) / Double(area + other.area - w * h)
    }
}
