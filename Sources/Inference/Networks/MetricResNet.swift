// dlib's ResNet-29 metric network (`dlib_face_recognition_resnet_model_v1.dat`):
// 150×150 RGB in, 128 values out.
//
//   input 3×150×150
//   stem: conv 7×7/2 → 32×72×72 (+affine, relu) → max pool 3×3/2 → 32×35×35
//   14 residual blocks (channels, spatial size):
//     3 × 32 (35) │ ↓64 + 3 × 64 (17) │ ↓128 + 2 × 128 (8) │ ↓256 + 2 × 256 (4) │ ↓256 (2)
//     block: conv 3×3 (/2 if ↓) +affine+relu → conv 3×3 +affine → add skip → relu
//     skip: the block input, or avg pool 2×2/2 of it when ↓; shapes that differ
//     (channels, and 3 vs 4 rows after 8×8) are zero-padded to the larger.
//   global average pool → 256 → fully connected (no bias) → 128
//
// Every affine is folded into the convolution before it at load, and every
// ReLU fused, so `forward` runs 29 convolutions, 14 adds and 6 pools.
/// The ResNet-29 metric-learning network of dlib's face recogniser.
public struct MetricResNet: DlibModel {
    /// Side of the square RGB input, in pixels.
    public static let inputSize = 150
    /// Length of the output vector.
    public static let outputSize = 128

    struct Block: Sendable {
        let first: Convolution
        let second: Convolution
        let downsample: Pooling?
        let add: ResidualAdd
    }

    /// Mean RGB subtracted from the input (then divided by 256).
    public let inputMean: (red: Float, green: Float, blue: Float)
    let stem: Convolution
    let stemPool: Pooling
    let blocks: [Block]
    let globalPool: Pooling
    let embedding: FullyConnected

    /// Reads the network from a dlib stream (see `DlibModel`).
    public init(stream: DlibStream) throws(ModelLoadError) {
        BLASThreading.useSingleThreadedBLAS()
        let parsed = try NetworkFileReader.read(Self.definition, from: stream)
        var cursor = LayerRecordCursor(parsed.layers)
        inputMean = parsed.input.mean
        stem = cursor.fusedConvolution()
        stemPool = cursor.pooling()
        blocks = Self.blockPlan.map { plan in
            cursor.skipMarkers()
            let first = cursor.fusedConvolution(), second = cursor.fusedConvolution()
            let downsample = plan.downsamples ? cursor.pooling() : nil
            return Block(first: first, second: second, downsample: downsample, add: cursor.residualAdd())
        }
        globalPool = cursor.pooling()
        embedding = cursor.fullyConnected()
        precondition(cursor.isAtEnd, "MetricResNet: definition and builder disagree")
    }

    /// Scratch tensors reused across forward passes; one per concurrent caller.
    public struct Workspace: Sendable {
        var current = Tensor(shape: TensorShape(channels: 0, rows: 0, columns: 0))
        var next = Tensor(shape: TensorShape(channels: 0, rows: 0, columns: 0))
        var inner = Tensor(shape: TensorShape(channels: 0, rows: 0, columns: 0))
        var branch = Tensor(shape: TensorShape(channels: 0, rows: 0, columns: 0))
        var skip = Tensor(shape: TensorShape(channels: 0, rows: 0, columns: 0))
        var scratch = [Float]()

        /// Creates an empty workspace; buffers grow on first use.
        public init() {}
    }

    /// Runs the network on N×3×150×150 normalised input; returns N×128×1×1
    /// (not normalised).
    public func forward(_ input: Tensor, workspace w: inout Workspace,
                        parallelism: Parallelism = .serial) -> Tensor {
        precondition(input.shape.channels == 3 && input.shape.rows == Self.inputSize
                     && input.shape.columns == Self.inputSize, "MetricResNet: input is \(input.shape)")
        stem.forward(input, into: &w.inner, scratch: &w.scratch, parallelism: parallelism)
        stemPool.forward(w.inner, into: &w.current)
        for block in blocks {
            block.first.forward(w.current, into: &w.inner, scratch: &w.scratch, parallelism: parallelism)
            block.second.forward(w.inner, into: &w.branch, scratch: &w.scratch, parallelism: parallelism)
            if let downsample = block.downsample {
                downsample.forward(w.current, into: &w.skip)
                block.add.forward(w.branch, w.skip, into: &w.next)
            } else {
                block.add.forward(w.branch, w.current, into: &w.next)
            }
            swap(&w.current, &w.next)
        }
        globalPool.forward(w.current, into: &w.inner)
        var output = Tensor(shape: TensorShape(samples: input.shape.samples, channels: Self.outputSize,
                                               rows: 1, columns: 1))
        embedding.forward(w.inner, into: &output)
        return output
    }
}
