import ImageDecoding
import Inference

// The largest face without scoring the whole pyramid. A window at pyramid
// level ℓ is a box of about 80·1.2^ℓ image pixels, so any face larger than
// one found at levels ≥ m is itself at a level ≥ m. Levels are scored from the
// coarsest down, in passes; each pass adds levels m ..< (previous m) with the
// exact scores of the full pass (ScoreRegion), and non-max suppression runs
// over everything scored so far:
//
//   pass 1: levels ≥ m₀, the first level whose shorter side ≤ coarseSide
//   largest kept box at level ℓ ≥ m + 2 → done: every box that can suppress it
//        (boxes at most two levels smaller; three levels smaller overlap it
//        less than the 0.338 threshold) has been scored
//   largest kept box at level ℓ < m + 2 → next pass from m = ℓ − 2
//   nothing kept                        → next pass from m − 3; m = 0 is the full pass
//
// The answer is `detect(in:).first` except after a chain of suppressions
// reaching from below m (an unscored box suppressing a scored one that would
// otherwise have suppressed the answer), and windows centred more than half a
// window outside every level (they see no image) are not scored.
extension FaceDetector {
    /// Shorter side, in pixels, of the finest level of the first pass: faces
    /// of about 40 % of the image's shorter side or more are settled in one
    /// pass (measured on a 640×480 portrait: levels ≥ 3, 62 % of the full
    /// pass's input pixels; each crop carries a receptive-field margin).
    static let coarseSide = 300

    /// The face `detect(in:adjustThreshold:smallFaces:)` lists first (the
    /// largest box), found by scoring the pyramid coarse to fine and stopping
    /// as soon as no finer level can change it; nil when there is no face.
    /// The upsampled levels of `smallFaces` hold only boxes smaller than any
    /// the image's own pyramid finds, so they are scored only when that
    /// finds nothing.
    public func detectLargest(in image: RGBImage, adjustThreshold: Double = 0,
                              smallFaces: SmallFaceSearch? = nil) -> Detection? {
        if let native = detectLargestNative(in: image, adjustThreshold: adjustThreshold) { return native }
        guard let smallFaces else { return nil }
        return kept(upsampledCandidates(in: image, search: smallFaces, threshold: adjustThreshold)).first?.detection
    }

    private func detectLargestNative(in image: RGBImage, adjustThreshold: Double) -> Detection? {
        withPyramid(of: image) { tiling, workspace in
            let scoreShape = network.outputShape(for: TensorShape(channels: 3, rows: tiling.rows, columns: tiling.columns))
            var scored = [DetectionCandidate](), cells = Set<Int>()
            var scoredFrom = tiling.levels.count
            var from = tiling.levels.firstIndex { min($0.width, $0.height) <= Self.coarseSide } ?? 0
            while true {
                let levels = from..<scoredFrom
                for region in regions(for: levels, tiling: tiling, scoreRows: scoreShape.rows,
                                      scoreColumns: scoreShape.columns) {
                    for candidate in candidates(in: region, tiling: tiling, threshold: adjustThreshold,
                                                workspace: &workspace)
                    where levels.contains(candidate.level) && cells.insert(candidate.cell).inserted {
                        scored.append(candidate)
                    }
                }
                scoredFrom = from
                guard let largest = kept(scored).first else {
                    if from == 0 { return nil }
                    from = max(0, from - 3)
                    continue
                }
                if largest.level >= from + 2 || from == 0 { return largest.detection }
                from = max(0, largest.level - 2)
            }
        } ?? nil
    }

    /// The score regions that cover the windows of `levels` (centres within
    /// half a window of a level), merged where one crop is cheaper than two;
    /// the whole map when that is cheaper still.
    func regions(for levels: Range<Int>, tiling: PyramidTiling, scoreRows: Int,
                         scoreColumns: Int) -> [ScoreRegion] {
        let perLevel = levels.map {
            ScoreRegion(around: tiling.levels[$0], margin: network.windowWidth / 2, network: network,
                        scoreRows: scoreRows, scoreColumns: scoreColumns)
        }
        func cost(_ region: ScoreRegion) -> Int {
            let crop = region.crop(network: network, inputRows: tiling.rows, inputColumns: tiling.columns)
            return crop.rows.count * crop.columns.count
        }
        let merged = ScoreRegion.merged(perLevel, cost: cost)
        let everything = ScoreRegion(rows: 0..<scoreRows, columns: 0..<scoreColumns)
        return merged.reduce(0) { $0 + cost($1) } < cost(everything) ? merged : [everything]
    }
}
