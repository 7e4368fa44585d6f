import Inference

// A score depends on a receptive field of input pixels (189×189 for MMOD),
// and the padded layers read zeros past the edge of whatever map they run on.
// So running the network on the input span of a rectangle of score cells
// (`MMODNetwork.inputRows(forScoreRows:)`), cut from the full tiled input at a
// multiple of the network's stride, reproduces the full pass's scores inside
// the rectangle exactly; outside it they differ and are not read.
//
//   full tiled input ──cut the input span──▶ crop ──network──▶ scores of the crop
//        (8·a − 80 ..< 8·b + 101 for MMOD)       cells a ..< b are exact
/// A rectangle of score-map cells, and the crop of the tiled input that
/// scores it exactly.
struct ScoreRegion: Hashable, Sendable {
    var rows: Range<Int>
    var columns: Range<Int>

    var isEmpty: Bool { rows.isEmpty || columns.isEmpty }

    /// The smallest region holding both.
    func union(_ other: ScoreRegion) -> ScoreRegion {
        ScoreRegion(rows: min(rows.lowerBound, other.rows.lowerBound)..<max(rows.upperBound, other.rows.upperBound),
                    columns: min(columns.lowerBound, other.columns.lowerBound)
                        ..< max(columns.upperBound, other.columns.upperBound))
    }

    /// The input rows and columns that score this region, within the input.
    /// The crop starts on an even score cell: the stride-1 layers run by
    /// Winograd in 2×2 output tiles, which then fall where the full pass has
    /// them, so the region's scores are bit-identical to the full pass's.
    func crop(network: MMODNetwork, inputRows: Int, inputColumns: Int) -> (rows: Range<Int>, columns: Range<Int>) {
        let rowSpan = network.inputRows(forScoreRows: (rows.lowerBound & ~1)..<rows.upperBound)
        let columnSpan = network.inputColumns(forScoreColumns: (columns.lowerBound & ~1)..<columns.upperBound)
        return (max(0, rowSpan.lowerBound)..<min(inputRows, rowSpan.upperBound),
                max(0, columnSpan.lowerBound)..<min(inputColumns, columnSpan.upperBound))
    }

    /// The cells of a `scoreRows` × `scoreColumns` map whose windows are centred
    /// within `margin` pixels of `rect` (tiled-input coordinates).
    init(around rect: PixelRect, margin: Int, network: MMODNetwork, scoreRows: Int, scoreColumns: Int) {
        let origin = network.inputPoint(row: 0, column: 0), stride = network.scoreStride
        func cells(_ low: Int, _ high: Int, origin: Double, stride: Int, count: Int) -> Range<Int> {
            let first = Int(((Double(low - margin) - origin) / Double(stride)).rounded(.up))
            let last = Int(((Double(high + margin) - origin) / Double(stride)).rounded(.down))
            return max(0, first)..<max(max(0, first), min(count, last + 1))
        }
        rows = cells(rect.top, rect.bottom, origin: origin.y, stride: stride.y, count: scoreRows)
        columns = cells(rect.left, rect.right, origin: origin.x, stride: stride.x, count: scoreColumns)
    }

    init(rows: Range<Int>, columns: Range<Int>) {
        self.rows = rows
        self.columns = columns
    }

    /// The region cut into bands of whole score rows whose crops hold at most
    /// about `maxCropPixels` input pixels each (a band carries the receptive
    /// field's margin again, so fewer bands cost less); scores are the same.
    func bands(maxCropPixels: Int, network: MMODNetwork, inputRows: Int, inputColumns: Int) -> [ScoreRegion] {
        let crop = crop(network: network, inputRows: inputRows, inputColumns: inputColumns)
        let pixels = crop.rows.count * crop.columns.count
        let count = pixels <= maxCropPixels ? 1 : min(rows.count, (pixels - 1) / max(1, maxCropPixels) + 1)
        guard count > 1 else { return [self] }
        return (0..<count).map { band in
            let start = rows.lowerBound + rows.count * band / count, end = rows.lowerBound + rows.count * (band + 1) / count
            return ScoreRegion(rows: start..<end, columns: columns)
        }
    }

    /// Groups regions into the ones the network runs on: two share one crop
    /// when that costs fewer input pixels than their separate crops (each crop
    /// carries a receptive-field margin), greedily, best saving first.
    static func merged(_ regions: [ScoreRegion], cost: (ScoreRegion) -> Int) -> [ScoreRegion] {
        var groups = regions.filter { !$0.isEmpty }
        while true {
            var best: (saving: Int, i: Int, j: Int)?
            for i in groups.indices {
                for j in groups.indices where j > i {
                    let saving = cost(groups[i]) + cost(groups[j]) - cost(groups[i].union(groups[j]))
                    if saving > 0 && saving > (best?.saving ?? 0) { best = (saving, i, j) }
                }
            }
            guard let (_, i, j) = best else { return groups }
            let union = groups[i].union(groups[j])
            groups.remove(at: j)
            groups[i] = union
        }
    }
}
