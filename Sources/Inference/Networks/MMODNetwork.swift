// The CNN of dlib's MMOD detector (`mmod_human_face_detector.dat`): a
// fully convolutional scorer whose output value at (row, column) is the
// detection score of a window centred on the input point mapped back through
// the layers.
//
//   input H×W×3 (a tiled image pyramid, normalised, channels last)
//   3 × conv 5×5/2, no padding (+batch norm folded, relu): 16, 32, 32 channels → ~H/8
//   3 × conv 5×5/1, padding 2 (+batch norm folded, relu): 45 channels
//   conv 9×9/1, padding 4 → 1 channel: the score map

import BlockingWork

/// The convolutional network of dlib's MMOD object detector.
public struct MMODNetwork: DlibModel {
    /// Mean RGB subtracted from the input (then divided by 256).
    public let inputMean: (red: Float, green: Float, blue: Float)
    /// Gap between pyramid levels in the tiled input, in pixels.
    public let pyramidPadding: Int
    /// Border around the tiled input, in pixels.
    public let pyramidOuterPadding: Int
    /// Width and height of the sliding window, in input pixels.
    public let windowWidth: Int
    public let windowHeight: Int
    /// Non-max suppression thresholds stored with the model.
    public let nmsIoUThreshold: Double
    public let nmsCoveredThreshold: Double
    let layers: [Convolution]

    /// Reads the network from a dlib stream (see `DlibModel`).
    public init(stream: DlibStream) throws(ModelLoadError) {
        BLASThreading.useSingleThreadedBLAS()
        let parsed = try NetworkFileReader.read(Self.definition, from: stream)
        var cursor = LayerRecordCursor(parsed.layers)
        var layers = [Convolution]()
        while !cursor.isAtEnd { layers.append(cursor.fusedConvolution()) }
        self.layers = layers
        inputMean = parsed.input.mean
        pyramidPadding = parsed.input.pyramidPadding
        pyramidOuterPadding = parsed.input.pyramidOuterPadding
        let loss = parsed.detectionLoss ?? DetectionLossParameters()
        windowWidth = loss.windowWidth
        windowHeight = loss.windowHeight
        nmsIoUThreshold = loss.nmsIoUThreshold
        nmsCoveredThreshold = loss.nmsCoveredThreshold
    }

    /// Feature maps reused across forward passes; one per concurrent caller.
    public struct Workspace: Sendable {
        var ping = FeatureMap()
        var pong = FeatureMap()

        /// Creates an empty workspace; buffers grow on first use.
        public init() {}
    }

    /// The score-map shape for an input shape (zero rows or columns when the
    /// input is too small for the network).
    public func outputShape(for input: TensorShape) -> TensorShape {
        layers.reduce(input) { $1.outputShape(for: $0) }
    }

    /// Runs the network on an N×H×W×3 normalised input and calls `body` with
    /// the N×H'×W'×1 score map, which lives in the workspace until the next pass.
    public func forward<R>(_ input: FeatureMap, workspace w: inout Workspace, parallelism: Parallelism = .serial,
                           _ body: (FeatureMap) -> R) -> R {
        // Each layer's output gets the zero border the next layer pads with.
        func border(after index: Int) -> Int { index + 1 < layers.count ? layers[index + 1].inputBorder : 0 }
        layers[0].forward(input, into: &w.ping, outputBorder: border(after: 0), parallelism: parallelism)
        for index in layers.indices.dropFirst() {
            layers[index].forward(w.ping, into: &w.pong, outputBorder: border(after: index), parallelism: parallelism)
            swap(&w.ping, &w.pong)
        }
        return body(w.ping)
    }

    /// The input rows the score rows `rows` depend on (before clamping to the
    /// input): a layer's outputs a..<b read rows a·stride − padding ..<
    /// (b − 1)·stride − padding + kernel, and where a padded layer reads past
    /// its input it sees zeros. So the network run on these input rows alone
    /// reproduces the scores of `rows`, provided the cut starts at a multiple
    /// of `scoreStride` (or at the input's edge).
    public func inputRows(forScoreRows rows: Range<Int>) -> Range<Int> {
        layers.reversed().reduce(rows) { span, layer in
            span.lowerBound * layer.strideY - layer.paddingY
                ..< (span.upperBound - 1) * layer.strideY - layer.paddingY + layer.kernelRows
        }
    }

    /// The input columns the score columns `columns` depend on (as `inputRows`).
    public func inputColumns(forScoreColumns columns: Range<Int>) -> Range<Int> {
        layers.reversed().reduce(columns) { span, layer in
            span.lowerBound * layer.strideX - layer.paddingX
                ..< (span.upperBound - 1) * layer.strideX - layer.paddingX + layer.kernelColumns
        }
    }

    /// Input pixels from one score cell to the next, per axis.
    public var scoreStride: (x: Int, y: Int) {
        layers.reduce((x: 1, y: 1)) { ($0.x * $1.strideX, $0.y * $1.strideY) }
    }

    /// The input point a score-map position is centred on: each layer maps
    /// p to p·stride − padding + ⌊kernel/2⌋, from the last layer to the first.
    public func inputPoint(row: Int, column: Int) -> (x: Double, y: Double) {
        layers.reversed().reduce((x: Double(column), y: Double(row))) { p, layer in
            (x: p.x * Double(layer.strideX) - Double(layer.paddingX) + Double(layer.kernelColumns / 2),
             y: p.y * Double(layer.strideY) - Double(layer.paddingY) + Double(layer.kernelRows / 2))
        }
    }

    static let definition: NetworkDefinition = {
        var slots = [LayerSlot]()
        var channels = 3
        for filters in [16, 32, 32] {
            slots += [.convolution(filters: filters, inputChannels: channels, kernel: 5, stride: 2, padding: 0),
                      .affine(channels: filters), .relu]
            channels = filters
        }
        for _ in 0..<3 {
            slots += [.convolution(filters: 45, inputChannels: channels, kernel: 5, stride: 1, padding: 2),
                      .affine(channels: 45), .relu]
            channels = 45
        }
        slots.append(.convolution(filters: 1, inputChannels: channels, kernel: 9, stride: 1, padding: 4))
        return NetworkDefinition(name: "MMOD network", loss: .mmod, input: .rgbImagePyramid, slots: slots)
    }()
}
