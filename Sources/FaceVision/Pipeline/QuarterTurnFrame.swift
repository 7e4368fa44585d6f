/// Maps coordinates in an image turned clockwise by `quarterTurns` × 90° back
/// to the unturned image (the inverse of `RGBImage.rotated`).
struct QuarterTurnFrame {
    let quarterTurns: Int
    let originalWidth: Int
    let originalHeight: Int

    func original(_ p: Point2D) -> Point2D {
        let (w, h) = (Double(originalWidth - 1), Double(originalHeight - 1))
        switch ((quarterTurns % 4) + 4) % 4 {
        case 1: return Point2D(x: p.y, y: h - p.x)
        case 2: return Point2D(x: w - p.x, y: h - p.y)
        case 3: return Point2D(x: w - p.y, y: p.x)
        default: return p
        }
    }

    func original(_ box: PixelRect) -> PixelRect {
        let a = original(Point2D(x: Double(box.left), y: Double(box.top)))
        let b = original(Point2D(x: Double(box.right), y: Double(box.bottom)))
        return PixelRect(left: Int(min(a.x, b.x)), top: Int(min(a.y, b.y)),
                         right: Int(max(a.x, b.x)), bottom: Int(max(a.y, b.y)))
    }
}
