import BlockingWork

/// A 2-D convolution with per-output-channel bias and an optional fused ReLU.
///
/// It computes a cross-correlation, as dlib does: output(m, y, x) = bias(m) +
/// Σ_c,ky,kx weight(m, c, ky, kx) · input(c, y·strideY − padY + ky,
/// x·strideX − padX + kx), reading zero outside the input. Output size per
/// axis is 1 + ⌊(in + 2·pad − kernel) / stride⌋ (`SlidingWindow`).
///
/// It runs on channels-last feature maps as a direct convolution
/// (`CFaceKernels`' `fk_conv_rows`: AVX2/FMA register-blocked tiles, plain C
/// without AVX2) with the filters packed once at creation
/// (`Convolution+Packing.swift`), or, for stride-1 5×5 layers on AVX2 CPUs,
/// by Winograd F(2×2, 5×5) (`Convolution+Winograd.swift`). Output rows are
/// independent, so a `Parallelism` spreads bands of rows over workers.
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
    /// The weights in the kernel's packed layout, and the bias zero-padded to
    /// whole blocks of `block` output channels.
    let packed: PackedFilters

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
        packed = PackedFilters(weights: weights, bias: bias, outputChannels: outputChannels,
                               inputChannels: inputChannels, kernelRows: kernelRows, kernelColumns: kernelColumns,
                               strideY: strideY, strideX: strideX)
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

    /// Computes the convolution of an N×C×H×W `input` into `output` (reshaped
    /// as needed), through a zero-bordered channels-last copy of the input
    /// kept in `scratch` (grown as needed, reused across calls). Networks run
    /// on `FeatureMap`s directly instead.
    public func forward(_ input: Tensor, into output: inout Tensor, scratch: inout [Float],
                        parallelism: Parallelism = .serial) {
        precondition(input.shape.channels == inputChannels,
                     "Convolution: input has \(input.shape.channels) channels, expected \(inputChannels)")
        var padded = FeatureMap(storage: scratch)
        scratch = []
        padded.reshape(samples: input.shape.samples, rows: input.shape.rows, columns: input.shape.columns,
                       channels: inputChannels, border: max(paddingY, paddingX))
        padded.load(input)
        var result = FeatureMap()
        forward(padded, into: &result, parallelism: parallelism)
        output.load(result)
        scratch = padded.storage
    }
}
