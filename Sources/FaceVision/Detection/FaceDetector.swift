import ImageDecoding
import Inference
import Synchronization

// dlib's MMOD face detector, end to end:
//
//   image ──PyramidTiling.fill──▶ tiled 5/6 pyramid tensor (1×3×R×C)
//         ──MMODNetwork.forward──▶ score map (1×1×R'×C'), one CNN pass for all scales
//         ──scores > threshold──▶ window centred on the mapped input point
//         ──PyramidTiling.imageRect──▶ image coordinates of the window's level
//         ──NonMaxSuppression──▶ kept boxes, sorted by area, largest first
//
// Thread-safe: weights are immutable and each call borrows its own workspace.
/// Finds faces in an RGB image with dlib's MMOD CNN face detector.
public final class FaceDetector: Sendable {
    /// File name of the model inside the s21 model directory.
    public static let modelFileName = "mmod_human_face_detector.dat"

    private let network: MMODNetwork
    private let parallelism: Parallelism
    private let suppression: NonMaxSuppression
    private let workspaces = Mutex<[Workspace]>([])

    struct Workspace: Sendable {
        var input = FeatureMap()
        var network = MMODNetwork.Workspace()
    }

    /// Loads the model from `modelDirectory` (e.g. `models/s21`); each call
    /// spreads its convolutions over `parallelism.workers` threads.
    public convenience init(modelDirectory: String, parallelism: Parallelism = .allCores) throws(ModelLoadError) {
        try self.init(modelPath: modelDirectory + "/" + Self.modelFileName, parallelism: parallelism)
    }

    /// Loads the model from the given `.dat` file.
    public init(modelPath: String, parallelism: Parallelism = .allCores) throws(ModelLoadError) {
        network = try MMODNetwork(contentsOf: modelPath)
        self.parallelism = parallelism
        suppression = NonMaxSuppression(iouThreshold: network.nmsIoUThreshold,
                                        coveredThreshold: network.nmsCoveredThreshold)
    }

    /// Faces in `image`, in its pixel coordinates, largest box first.
    ///
    /// `adjustThreshold` shifts the score a window needs (dlib's
    /// `adjust_threshold`, 0 by default); negative values find more faces.
    /// Faces smaller than the 80×80 window are not found: upsample first.
    public func detect(in image: RGBImage, adjustThreshold: Double = 0) -> [Detection] {
        let tiling = PyramidTiling(imageRows: image.height, imageColumns: image.width,
                                   padding: network.pyramidPadding, outerPadding: network.pyramidOuterPadding)
        guard !tiling.levels.isEmpty else { return [] }
        var workspace = workspaces.withLock { $0.popLast() } ?? Workspace()
        defer { workspaces.withLock { $0.append(workspace) } }
        tiling.fill(&workspace.input, with: image, mean: network.inputMean)
        let candidates = network.forward(workspace.input, workspace: &workspace.network, parallelism: parallelism) {
            scores in
            var candidates = [(rect: PixelRect, score: Double)]()
            scores.withUnsafeValues { values in
                for row in 0..<scores.rows {
                    for column in 0..<scores.columns {
                        let score = Double(values[scores.layout.index(sample: 0, row: row, column: column)])
                        guard score > adjustThreshold else { continue }
                        let center = network.inputPoint(row: row, column: column)
                        let window = RealRect(centerX: center.x, centerY: center.y,
                                              width: Double(network.windowWidth), height: Double(network.windowHeight))
                        candidates.append((PixelRect(rounding: tiling.imageRect(fromTiled: window)), score))
                    }
                }
            }
            return candidates
        }
        return suppression.select(candidates)
            .map { Detection(left: Double($0.rect.left), top: Double($0.rect.top), width: Double($0.rect.width),
                             height: Double($0.rect.height), confidence: $0.score) }
            .sorted { $0.area > $1.area }
    }
}
