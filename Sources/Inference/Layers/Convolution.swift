import CBLAS

/// A 2-D convolution with per-output-channel bias and an optional fused ReLU.
///
/// It computes a cross-correlation, as dlib does: output(m, y, x) = bias(m) +
/// Σ_c,ky,kx weight(m, c, ky, kx) · input(c, y·strideY − padY + ky,
/// x·strideX − padX + kx), reading zero outside the input. Output size per
/// axis is 1 + ⌊(in + 2·pad − kernel) / stride⌋ (`SlidingWindow`).
///
/// Two execution paths (chosen per call, same results up to float rounding):
/// - general: im2col of a band of output rows into scratch, then one
///   `cblas_sgemm` per band (`Convolution+Im2col.swift`);
/// - one output channel, stride 1 (MMOD's final 9×9 layer): one sgemm
///   computes every kernel tap's channel sum, then shifted adds
///   (`Convolution+SingleOutput.swift`), avoiding a huge im2col for a GEMV.
/// Bands are independent, so a `Parallelism` spreads them over workers.
public struct Convolution: Sendable {
    /// Filters (output channels) and the input channels each one reads.
    public let outputChannels: Int
    public let inputChannels: Int
    /// Kernel size, strides and padding.
    public let window: SlidingWindow
    /// outputChannels × inputChannels × kernelRows × kernelColumns, row-major.
    public let weights: [Float]
    /// One bias per output channel.
    public let bias: [Float]
    /// Whether max(0, ·) is applied to the output.
    public let appliesReLU: Bool
    /// For one output channel: the weights regrouped taps × input channels,
    /// the left operand of the single-output path's sgemm; empty otherwise.
    let weightsByTap: [Float]

    /// Creates a convolution; weight and bias counts must match the extents.
    public init(outputChannels: Int, inputChannels: Int, kernelRows: Int, kernelColumns: Int,
                strideY: Int = 1, strideX: Int = 1, paddingY: Int = 0, paddingX: Int = 0,
                weights: [Float], bias: [Float], appliesReLU: Bool = false) {
        precondition(weights.count == outputChannels * inputChannels * kernelRows * kernelColumns
                     && bias.count == outputChannels,
                     "Convolution: weights/bias do not match the extents")
        (self.outputChannels, self.inputChannels) = (outputChannels, inputChannels)
        window = SlidingWindow(rows: kernelRows, columns: kernelColumns, strideY: strideY, strideX: strideX,
                               paddingY: paddingY, paddingX: paddingX)
        (self.weights, self.bias, self.appliesReLU) = (weights, bias, appliesReLU)
        weightsByTap = outputChannels == 1
            ? Self.regroupByTap(weights, taps: kernelRows * kernelColumns, inputChannels: inputChannels) : []
    }

    /// The window geometry, per axis.
    public var kernelRows: Int { window.rows }
    public var kernelColumns: Int { window.columns }
    public var strideY: Int { window.strideY }
    public var strideX: Int { window.strideX }
    public var paddingY: Int { window.paddingY }
    public var paddingX: Int { window.paddingX }

    /// Number of products summed into one output value.
    var patchSize: Int { inputChannels * kernelRows * kernelColumns }

    /// The output shape for an input shape (zero rows or columns when the
    /// input is smaller than the kernel).
    public func outputShape(for input: TensorShape) -> TensorShape {
        let extent = window.outputExtent(rows: input.rows, columns: input.columns)
        return TensorShape(samples: input.samples, channels: outputChannels, rows: extent.rows, columns: extent.columns)
    }

    /// This convolution followed by a per-channel affine, folded into new
    /// weights and bias: (W·x + b)·s + t = (s·W)·x + (s·b + t).
    public func folding(_ affine: ChannelAffine) -> Convolution {
        precondition(affine.channels == outputChannels, "Convolution: affine has \(affine.channels) channels")
        let perFilter = patchSize
        var folded = weights
        for m in 0..<outputChannels {
            for i in m * perFilter..<(m + 1) * perFilter { folded[i] *= affine.scale[m] }
        }
        let newBias = (0..<outputChannels).map { bias[$0] * affine.scale[$0] + affine.shift[$0] }
        return Convolution(outputChannels: outputChannels, inputChannels: inputChannels,
                           kernelRows: kernelRows, kernelColumns: kernelColumns,
                           strideY: strideY, strideX: strideX, paddingY: paddingY, paddingX: paddingX,
                           weights: folded, bias: newBias, appliesReLU: appliesReLU)
    }

    /// The same convolution with the ReLU fused in (or taken out).
    public func withReLU(_ on: Bool = true) -> Convolution {
        Convolution(outputChannels: outputChannels, inputChannels: inputChannels,
                    kernelRows: kernelRows, kernelColumns: kernelColumns,
                    strideY: strideY, strideX: strideX, paddingY: paddingY, paddingX: paddingX,
                    weights: weights, bias: bias, appliesReLU: on)
    }

    /// Computes the convolution of `input` into `output` (reshaped as needed),
    /// using `scratch` (grown as needed, reused across calls) for intermediates.
    public func forward(_ input: Tensor, into output: inout Tensor, scratch: inout [Float],
                        parallelism: Parallelism = .serial) {
        precondition(input.shape.channels == inputChannels,
                     "Convolution: input has \(input.shape.channels) channels, expected \(inputChannels)")
        let outShape = outputShape(for: input.shape)
        output.reshape(to: outShape)
        guard outShape.count > 0 else { return }
        if outputChannels == 1 && strideY == 1 && strideX == 1 {
            forwardSingleOutput(input, into: &output, scratch: &scratch, parallelism: parallelism)
        } else {
            forwardIm2col(input, into: &output, scratch: &scratch, parallelism: parallelism)
        }
    }

    /// The valid output columns [first, last] whose input column
    /// x·strideX − padX + kx lies inside 0..<width, or nil when none does.
    func validColumns(kx: Int, width: Int, outputColumns: Int) -> ClosedRange<Int>? {
        let offset = kx - paddingX
        let first = offset >= 0 ? 0 : (-offset + strideX - 1) / strideX
        let last = min(outputColumns - 1, (width - 1 - offset) >= 0 ? (width - 1 - offset) / strideX : -1)
        return first <= last ? first...last : nil
    }

    /// Adds the bias to `count` values of channel `m` starting at `values`, then
    /// applies the ReLU if fused.
    func finish(_ values: UnsafeMutablePointer<Float>, count: Int, channel m: Int) {
        let b = bias[m]
        if appliesReLU {
            for i in 0..<count { values[i] = max(0, values[i] + b) }
        } else {
            for i in 0..<count { values[i] += b }
        }
    }
}
