/// A per-channel scale and shift, y = x·scale[c] + shift[c], with an optional
/// fused ReLU. Batch normalisation in inference mode is one of these (see
/// `init(batchNormGamma:…)`), and both usually fold into the preceding
/// convolution (`Convolution.folding(_:)`).
public struct ChannelAffine: Sendable {
    /// Per-channel factor and offset.
    public let scale: [Float]
    public let shift: [Float]
    /// Whether max(0, ·) follows.
    public let appliesReLU: Bool

    /// Creates an affine layer; `scale` and `shift` have one value per channel.
    public init(scale: [Float], shift: [Float], appliesReLU: Bool = false) {
        precondition(scale.count == shift.count, "ChannelAffine: \(scale.count) scales, \(shift.count) shifts")
        self.scale = scale
        self.shift = shift
        self.appliesReLU = appliesReLU
    }

    /// Folds inference-mode batch normalisation into an affine:
    /// scale = γ / √(variance + ε), shift = β − mean·scale.
    public init(batchNormGamma gamma: [Float], beta: [Float], runningMean: [Float], runningVariance: [Float],
                epsilon: Double) {
        let scale = (0..<gamma.count).map { gamma[$0] / (runningVariance[$0] + Float(epsilon)).squareRoot() }
        self.init(scale: scale, shift: (0..<gamma.count).map { beta[$0] - runningMean[$0] * scale[$0] })
    }

    /// Number of channels this layer expects.
    public var channels: Int { scale.count }

    /// Applies the affine (and ReLU if fused) to `tensor` in place.
    public func apply(to tensor: inout Tensor) {
        let shape = tensor.shape
        precondition(shape.channels == channels, "ChannelAffine: tensor has \(shape.channels) channels")
        tensor.withMutableValues { values in
            for n in 0..<shape.samples {
                for c in 0..<shape.channels {
                    let plane = values.baseAddress! + (n * shape.channels + c) * shape.planeSize
                    let s = scale[c], t = shift[c]
                    if appliesReLU {
                        for i in 0..<shape.planeSize { plane[i] = max(0, plane[i] * s + t) }
                    } else {
                        for i in 0..<shape.planeSize { plane[i] = plane[i] * s + t }
                    }
                }
            }
        }
    }
}
