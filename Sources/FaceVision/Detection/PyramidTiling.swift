// Where each level of a 5/6 image pyramid sits inside one tiled image, as
// dlib's input_rgb_image_pyramid<pyramid_down<6>> lays it out, so the CNN runs
// once over all scales.
//
// Levels: level 0 is the image; level i+1 is ⌊5/6 · size⌋ of level i, until a
// level would be empty or under 5 rows. Layout: a first column holds level 0
// and then the next levels below it (with `padding` rows between) until a
// level fits beside level 0's right part and the column is about half the
// total height; the remaining levels stack upwards from the bottom right,
// right-aligned, and stop if one would overlap level 0. `outerPadding` pixels
// surround everything.
//
//   ┌───────────────────────────┐
//   │ ┌───────────────────────┐ │
//   │ │        level 0        │ │
//   │ └───────────────────────┘ │
//   │ ┌──────────────────┐ ┌──┐ │
//   │ │     level 1      │ │ 3│ │
//   │ └──────────────────┘ └──┘ │
//   │ ┌──────────────┐    ┌───┐ │
//   │ │   level 2    │    │ 2'│ │ (levels after the first column, bottom-up)
//   │ └──────────────┘    └───┘ │
//   └───────────────────────────┘
/// The tiled layout of a 5/6 image pyramid and the mapping back to image pixels.
struct PyramidTiling: Sendable {
    /// Each level's rectangle in the tiled image; index = pyramid level.
    let levels: [PixelRect]
    let rows: Int
    let columns: Int

    static let minimumLevelHeight = 5

    init(imageRows: Int, imageColumns: Int, padding: Int, outerPadding: Int) {
        var sizes = [PixelRect]()
        var (levelRows, levelColumns) = (imageRows, imageColumns)
        while levelRows * levelColumns > 0 && (sizes.isEmpty || levelRows >= Self.minimumLevelHeight) {
            sizes.append(PixelRect(width: levelColumns, height: levelRows))
            (levelRows, levelColumns) = (Self.downscaled(levelRows), Self.downscaled(levelColumns))
        }
        guard let first = sizes.first else {
            (levels, rows, columns) = ([], 0, 0)
            return
        }
        let totalHeight = sizes.reduce(0) { $0 + $1.height + padding } - 2 * padding
        var columnHeight = 0, previousWidth = 0
        for level in sizes {
            if level.width <= first.width - previousWidth - padding
                && (columnHeight - first.height) * 2 >= totalHeight - first.height { break }
            columnHeight += level.height + padding
            previousWidth = level.width
        }
        columnHeight -= padding
        rows = columnHeight + 2 * outerPadding
        columns = first.width + 2 * outerPadding

        var placed = [PixelRect]()
        var y = outerPadding
        while y < columnHeight + outerPadding && placed.count < sizes.count {
            placed.append(sizes[placed.count].translated(x: outerPadding, y: y))
            y += placed.last!.height + padding
        }
        y -= padding
        while placed.count < sizes.count {
            let size = sizes[placed.count]
            let right = outerPadding + first.width - 1, bottom = y - 1
            let rect = PixelRect(left: right - size.right, top: bottom - size.bottom, right: right, bottom: bottom)
            if !placed[0].intersection(rect).isEmpty { break }
            placed.append(rect)
            y -= rect.height + padding
        }
        levels = placed
    }

    /// ⌊5/6 · n⌋, dlib's pyramid_down<6> output size.
    static func downscaled(_ n: Int) -> Int { Int((5.0 / 6.0 * Double(n)).rounded(.down)) }

    /// Maps a rectangle in tiled-image coordinates to the original image: the
    /// level is the one nearest the rectangle's centre, and each level up
    /// scales a point by 6/5 and adds 0.3 (dlib's pyramid_down<6>::point_up).
    func imageRect(fromTiled rect: RealRect) -> RealRect {
        let level = level(atX: PixelRect.round(rect.centerX), y: PixelRect.round(rect.centerY))
        let origin = levels[level]
        func up(_ value: Double, _ offset: Int) -> Double {
            var v = value - Double(offset)
            for _ in 0..<level { v = v * 6 / 5 + 0.3 }
            return v
        }
        return RealRect(left: up(rect.left, origin.left), top: up(rect.top, origin.top),
                        right: up(rect.right, origin.left), bottom: up(rect.bottom, origin.top))
    }

    /// The level a tiled-image point belongs to: the first level containing
    /// it, else the nearest one.
    func level(atX x: Int, y: Int) -> Int {
        if let inside = levels.firstIndex(where: { $0.contains(x: x, y: y) }) { return inside }
        return levels.indices.min { levels[$0].distance(x: x, y: y) < levels[$1].distance(x: x, y: y) } ?? 0
    }
}
