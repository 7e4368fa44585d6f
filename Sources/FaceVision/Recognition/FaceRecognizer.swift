import BlockingWork
import ImageDecoding
import Inference
import Synchronization

/// Turns aligned 150×150 face chips into 128-D unit vectors with dlib's
/// ResNet face recognition model.
///
/// Thread-safe: the weights are immutable and each call borrows a workspace
/// from a small pool (or makes one), so concurrent calls never share buffers
/// and steady-state calls do not allocate layer buffers.
public final class FaceRecognizer: Sendable {
    /// Side of the square chip the network expects, in pixels.
    public static let chipSize = MetricResNet.inputSize
    /// Length of an embedding.
    public static let embeddingLength = MetricResNet.outputSize
    /// File name of the model inside the s21 model directory.
    public static let modelFileName = "dlib_face_recognition_resnet_model_v1.dat"

    private let network: MetricResNet
    private let parallelism: Parallelism
    private let workspaces = Mutex<[MetricResNet.Workspace]>([])

    /// Loads the model from `modelDirectory` (e.g. `models/s21`); each call uses
    /// up to `parallelism.workers` threads.
    public convenience init(modelDirectory: String, parallelism: Parallelism = .serial) throws(ModelLoadError) {
        try self.init(modelPath: modelDirectory + "/" + Self.modelFileName, parallelism: parallelism)
    }

    /// Loads the model from the given `.dat` file.
    public init(modelPath: String, parallelism: Parallelism = .serial) throws(ModelLoadError) {
        network = try MetricResNet(contentsOf: modelPath)
        self.parallelism = parallelism
    }

    /// The mean RGB the model file subtracts from its input (before dividing by 256).
    public var inputMean: (red: Float, green: Float, blue: Float) { network.inputMean }

    /// The L2-normalised 128-D embedding of one aligned 150×150 chip.
    public func embed(chip: RGBImage) throws(FaceRecognizerError) -> [Float] {
        try embed(chips: [chip])[0]
    }

    /// Embeddings of several chips, in order; up to `batchSize` chips share one
    /// forward pass (larger batches are split, bounding workspace memory).
    public func embed(chips: [RGBImage]) throws(FaceRecognizerError) -> [[Float]] {
        let size = Self.chipSize
        if let bad = chips.first(where: { $0.width != size || $0.height != size }) {
            throw .wrongChipSize(width: bad.width, height: bad.height)
        }
        var workspace = workspaces.withLock { $0.popLast() } ?? MetricResNet.Workspace()
        defer { workspaces.withLock { $0.append(workspace) } }
        return stride(from: 0, to: chips.count, by: Self.batchSize).flatMap { start in
            forward(chips[start..<min(start + Self.batchSize, chips.count)], workspace: &workspace)
        }
    }

    /// Most chips per forward pass; the cap bounds the workspace (~15 MB at 8
    /// chips). A batch costs about the same CPU per chip as single calls (see
    /// `make bench-inference`); with `parallelism` above 1 it spreads one
    /// group photo's faces over the cores in one call.
    public static let batchSize = 8

    private func forward(_ chips: ArraySlice<RGBImage>, workspace: inout MetricResNet.Workspace) -> [[Float]] {
        let size = Self.chipSize
        var input = FeatureMap(samples: chips.count, rows: size, columns: size, channels: 3)
        for (index, chip) in chips.enumerated() {
            chip.pixels.withUnsafeBufferPointer { input.setRGB(sample: index, pixels: $0, mean: network.inputMean) }
        }
        let raw = network.forward(input, workspace: &workspace, parallelism: parallelism).values
        return (0..<chips.count).map { index in
            normalised(raw[index * Self.embeddingLength..<(index + 1) * Self.embeddingLength])
        }
    }

    private func normalised(_ values: ArraySlice<Float>) -> [Float] {
        let norm = values.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return values.map { norm > 0 ? $0 / norm : 0 }
    }
}
