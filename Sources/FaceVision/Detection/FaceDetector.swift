import BlockingWork
import ImageDecoding
import Inference
import Synchronization

// dlib's MMOD face detector, end to end:
//
//   image ──PyramidTiling.fill──▶ tiled 5/6 pyramid (R×C×3, channels last)
//         ──MMODNetwork.forward──▶ score map (R'×C'), one CNN pass for all scales
//         ──scores > threshold──▶ window centred on the mapped input point
//         ──PyramidTiling.imageRect──▶ image coordinates of the window's level
//         ──NonMaxSuppression──▶ kept boxes, sorted by area, largest first
//
// `detect` scores the whole map; `detectLargest` (FaceDetector+Largest.swift)
// scores regions of it (ScoreRegion), coarsest pyramid levels first.
// Thread-safe: weights are immutable and each call borrows its own workspace.
/// Finds faces in an RGB image with dlib's MMOD CNN face detector.
public final class FaceDetector: Sendable {
    /// File name of the model inside the s21 model directory.
    public static let modelFileName = "mmod_human_face_detector.dat"

    let network: MMODNetwork
    private let parallelism: Parallelism
    private let suppression: NonMaxSuppression
    private let workspaces = Mutex<[Workspace]>([])

    struct Workspace: Sendable {
        var input = FeatureMap()
        var crop = FeatureMap()
        var network = MMODNetwork.Workspace()
    }

    /// Loads the model from `modelDirectory` (e.g. `models/s21`); each call
    /// spreads its convolutions over `parallelism.workers` threads.
    public convenience init(modelDirectory: String, parallelism: Parallelism = .adaptive) throws(ModelLoadError) {
        try self.init(modelPath: modelDirectory + "/" + Self.modelFileName, parallelism: parallelism)
    }

    /// Loads the model from the given `.dat` file.
    public init(modelPath: String, parallelism: Parallelism = .adaptive) throws(ModelLoadError) {
        network = try MMODNetwork(contentsOf: modelPath)
        self.parallelism = parallelism
        suppression = NonMaxSuppression(iouThreshold: network.nmsIoUThreshold,
                                        coveredThreshold: network.nmsCoveredThreshold)
    }

    /// Faces in `image`, in its pixel coordinates, largest box first.
    ///
    /// `adjustThreshold` shifts the score a window needs (dlib's
    /// `adjust_threshold`, 0 by default); negative values find more faces.
    /// Faces smaller than the 80×80 window are found only with `smallFaces`,
    /// which adds levels of dlib's 2× pyramid (FaceDetector+SmallFaces.swift).
    public func detect(in image: RGBImage, adjustThreshold: Double = 0,
                       smallFaces: SmallFaceSearch? = nil) -> [Detection] {
        var found: [DetectionCandidate] = withPyramid(of: image) { tiling, workspace in
            let scoreShape = network.outputShape(for: TensorShape(channels: 3, rows: tiling.rows, columns: tiling.columns))
            let everything = ScoreRegion(rows: 0..<scoreShape.rows, columns: 0..<scoreShape.columns)
            return candidates(in: everything, tiling: tiling, threshold: adjustThreshold, workspace: &workspace)
        } ?? []
        if let smallFaces {
            found += upsampledCandidates(in: image, search: smallFaces, threshold: adjustThreshold)
        }
        return kept(found).map(\.detection)
    }

    /// Builds the tiled pyramid of `image` in a borrowed workspace and runs
    /// `body` on it; nil when the image is too small for any level.
    func withPyramid<R>(of image: RGBImage, _ body: (PyramidTiling, inout Workspace) -> R) -> R? {
        let tiling = PyramidTiling(imageRows: image.height, imageColumns: image.width,
                                   padding: network.pyramidPadding, outerPadding: network.pyramidOuterPadding)
        guard !tiling.levels.isEmpty else { return nil }
        var workspace = workspaces.withLock { $0.popLast() } ?? Workspace()
        defer { workspaces.withLock { $0.append(workspace) } }
        tiling.fill(&workspace.input, with: image, mean: network.inputMean)
        return body(tiling, &workspace)
    }

    /// The windows of `region` scoring above `threshold`, computed by running
    /// the network on the region's crop of the tiled input (the whole input
    /// when the crop is all of it).
    func candidates(in region: ScoreRegion, tiling: PyramidTiling, threshold: Double,
                    workspace: inout Workspace) -> [DetectionCandidate] {
        let crop = region.crop(network: network, inputRows: tiling.rows, inputColumns: tiling.columns)
        let stride = network.scoreStride
        precondition(crop.rows.lowerBound % stride.y == 0 && crop.columns.lowerBound % stride.x == 0,
                     "FaceDetector: a crop must start on the score grid")
        let whole = crop.rows == 0..<tiling.rows && crop.columns == 0..<tiling.columns
        if !whole { workspace.crop.load(window: crop.rows, columns: crop.columns, of: workspace.input) }
        let (rowOffset, columnOffset) = (crop.rows.lowerBound / stride.y, crop.columns.lowerBound / stride.x)
        let scoreColumns = network.outputShape(for: TensorShape(channels: 3, rows: tiling.rows,
                                                                columns: tiling.columns)).columns
        return network.forward(whole ? workspace.input : workspace.crop, workspace: &workspace.network,
                               parallelism: parallelism) { scores in
            var found = [DetectionCandidate]()
            scores.withUnsafeValues { values in
                for row in region.rows {
                    for column in region.columns {
                        let score = Double(values[scores.layout.index(sample: 0, row: row - rowOffset,
                                                                      column: column - columnOffset)])
                        guard score > threshold else { continue }
                        found.append(candidate(row: row, column: column, score: score, tiling: tiling,
                                               scoreColumns: scoreColumns))
                    }
                }
            }
            return found
        }
    }

    private func candidate(row: Int, column: Int, score: Double, tiling: PyramidTiling, scoreColumns: Int) -> DetectionCandidate {
        let center = network.inputPoint(row: row, column: column)
        let window = RealRect(centerX: center.x, centerY: center.y,
                              width: Double(network.windowWidth), height: Double(network.windowHeight))
        return DetectionCandidate(rect: PixelRect(rounding: tiling.imageRect(fromTiled: window)),
                         level: tiling.level(atX: PixelRect.round(center.x), y: PixelRect.round(center.y)),
                         score: score, cell: row * scoreColumns + column)
    }

    /// Non-max suppression over candidates in score-cell order, as dlib
    /// visits them; the kept ones, largest box first.
    func kept(_ candidates: [DetectionCandidate]) -> [DetectionCandidate] {
        suppression.select(candidates.sorted { $0.cell < $1.cell }).sorted { $0.rect.area > $1.rect.area }
    }
}
