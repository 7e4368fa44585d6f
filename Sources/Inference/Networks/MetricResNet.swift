// dlib's ResNet-29 metric network (`dlib_face_recognition_resnet_model_v1.dat`):
// 150×150 RGB in, 128 values out.
//
//   input 150×150×3
//   stem: conv 7×7/2 → 32×72×72 (+affine, relu) → max pool 3×3/2 → 32×35×35
//   14 residual blocks (channels, spatial size):
//     3 × 32 (35) │ ↓64 + 3 × 64 (17) │ ↓128 + 2 × 128 (8) │ ↓256 + 2 × 256 (4) │ ↓256 (2)
//     block: conv 3×3 (/2 if ↓) +affine+relu → conv 3×3 +affine → add skip → relu
//     skip: the block input, or avg pool 2×2/2 of it when ↓; shapes that differ
//     (channels, and 3 vs 4 rows after 8×8) are zero-padded to the larger.
//   global average pool → 256 → fully connected (no bias) → 128
//
// Every affine is folded into the convolution before it at load, and every
// ReLU fused, so `forward` runs 29 convolutions, 14 adds and 6 pools, all on
// channels-last feature maps.

import BlockingWork

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

    /// Feature maps reused across forward passes; one per concurrent caller.
    public struct Workspace: Sendable {
        var stem = FeatureMap()
        var current = FeatureMap()
        var next = FeatureMap()
        var inner = FeatureMap()
        var branch = FeatureMap()
        var skip = FeatureMap()
        var pooled = FeatureMap()

        /// Creates an empty workspace; buffers grow on first use.
        public init() {}
    }

    /// Runs the network on N×150×150×3 normalised input (see
    /// `FeatureMap.setRGB`); returns N×128×1×1 (not normalised).
    public func forward(_ input: FeatureMap, workspace w: inout Workspace,
                        parallelism: Parallelism = .serial) -> Tensor {
        precondition(input.channels == 3 && input.rows == Self.inputSize && input.columns == Self.inputSize,
                     "MetricResNet: input is \(input.rows)×\(input.columns)×\(input.channels)")
        // Every map a 3×3 convolution reads keeps a 1-pixel zero border (its padding).
        stem.forward(input, into: &w.stem, parallelism: parallelism)
        stemPool.forward(w.stem, into: &w.current, outputBorder: 1)
        for block in blocks {
            block.first.forward(w.current, into: &w.inner, outputBorder: 1, parallelism: parallelism)
            block.second.forward(w.inner, into: &w.branch, parallelism: parallelism)
            if let downsample = block.downsample {
                downsample.forward(w.current, into: &w.skip)
                block.add.forward(w.branch, w.skip, into: &w.next, outputBorder: 1)
            } else {
                block.add.forward(w.branch, w.current, into: &w.next, outputBorder: 1)
            }
            swap(&w.current, &w.next)
        }
        globalPool.forward(w.current, into: &w.pooled)
        var output = Tensor(shape: TensorShape(samples: input.samples, channels: Self.outputSize, rows: 1, columns: 1))
        embedding.forward(Tensor(w.pooled), into: &output)
        return output
    }
}
