/// The fixed topology a dlib network file must match, used to walk and check it.
///
/// dlib files do not describe their own topology (tag and skip layers write
/// no name), so the reader needs the definition the file was written from:
/// its loss block, its input block and every layer from input to output.
struct NetworkDefinition: Sendable {
    /// The loss block that opens the file.
    enum Loss: Sendable { case metric, mmod }
    /// The input block under the first layer.
    enum Input: Sendable { case rgbImageSized(rows: Int, columns: Int), rgbImagePyramid }

    let name: String
    let loss: Loss
    let input: Input
    /// Layers from the input towards the loss.
    let slots: [LayerSlot]
}

/// One layer position of a `NetworkDefinition`, with the extents the file must hold.
enum LayerSlot: Sendable, Hashable {
    /// `con_4`/`con_5`: square kernel, equal strides and paddings.
    case convolution(filters: Int, inputChannels: Int, kernel: Int, stride: Int, padding: Int)
    /// `affine_`/`affine_2` or `bn_con2` (folded to an affine on load).
    case affine(channels: Int)
    case relu
    /// `max_pool_2`/`avg_pool_2`; window 0 means a global pool.
    case pooling(Pooling.Kind, window: Int, stride: Int)
    case addPrevious
    /// `fc_2`/`fc_3`; weights stored inputs × outputs.
    case fullyConnected(outputs: Int, inputs: Int, hasBias: Bool)
    /// A tag or skip layer: a version number, no details.
    case marker

    /// Whether dlib wraps this slot in an `add_layer` (which stores state).
    var isComputing: Bool { self != .marker }

    var summary: String {
        switch self {
        case let .convolution(filters, inputs, kernel, stride, _):
            return "convolution \(inputs)→\(filters) \(kernel)×\(kernel)/\(stride)"
        case let .affine(channels): return "affine (\(channels) channels)"
        case .relu: return "relu"
        case let .pooling(kind, window, stride): return "\(kind) pool \(window)×\(window)/\(stride)"
        case .addPrevious: return "add_prev"
        case let .fullyConnected(outputs, inputs, _): return "fully connected \(inputs)→\(outputs)"
        case .marker: return "tag/skip"
        }
    }
}

/// The weights of one computing layer, as read from a file.
enum LayerRecord: Sendable {
    case convolution(Convolution)
    case affine(ChannelAffine)
    case relu
    case pooling(Pooling)
    case addPrevious
    case fullyConnected(FullyConnected)
    case marker
}

/// What the input block of a file holds.
struct InputParameters: Sendable, Equatable {
    /// Mean red, green and blue subtracted before dividing by 256.
    var mean: (red: Float, green: Float, blue: Float)
    /// Pyramid tiling gaps (pyramid inputs only).
    var pyramidPadding = 0
    var pyramidOuterPadding = 0

    static func == (a: InputParameters, b: InputParameters) -> Bool {
        a.mean == b.mean && a.pyramidPadding == b.pyramidPadding && a.pyramidOuterPadding == b.pyramidOuterPadding
    }
}

/// What the MMOD loss block of a file holds (the metric loss has nothing needed).
struct DetectionLossParameters: Sendable, Equatable {
    var windowWidth = 0
    var windowHeight = 0
    /// Non-max suppression: IoU above this, or one box covering more than
    /// `nmsCoveredThreshold` of another, suppresses the weaker box.
    var nmsIoUThreshold = 0.0
    var nmsCoveredThreshold = 1.0
}

/// Everything read from a network file, in layer order.
struct ParsedNetwork: Sendable {
    var input: InputParameters
    var detectionLoss: DetectionLossParameters?
    /// One record per slot of the definition, in the same order.
    var layers: [LayerRecord]
}
