/// A convolution's weights in the layout `fk_conv_rows` reads (see
/// `ConvolutionKernels.h`): blocks of `block` output channels, each
/// [kernel row][kx·inputChannels + c][channel in block], the last block padded
/// with zero filters; the bias zero-padded to whole blocks.
struct PackedFilters: Sendable {
    let filters: [Float]
    let bias: [Float]
    /// Output channels per block: 16 (the register-blocked tile), or 1 for a
    /// single output channel, which runs as dot products instead.
    let block: Int
    /// For a stride-1 5×5 layer on a CPU with AVX2/FMA: the filters
    /// transformed for Winograd F(2×2, 5×5) (`Convolution+Winograd.swift`).
    let winograd: [Float]?

    init(weights: [Float], bias: [Float], outputChannels: Int, inputChannels: Int, kernelRows: Int, kernelColumns: Int,
         strideY: Int, strideX: Int) {
        block = outputChannels == 1 ? 1 : 16
        let blocks = (outputChannels + block - 1) / block, run = kernelColumns * inputChannels
        var filters = [Float](repeating: 0, count: blocks * kernelRows * run * block)
        for m in 0..<outputChannels {
            for c in 0..<inputChannels {
                for ky in 0..<kernelRows {
                    for kx in 0..<kernelColumns {
                        let packed = (((m / block) * kernelRows + ky) * run + kx * inputChannels + c) * block + m % block
                        filters[packed] = weights[((m * inputChannels + c) * kernelRows + ky) * kernelColumns + kx]
                    }
                }
            }
        }
        self.filters = filters
        self.bias = bias + [Float](repeating: 0, count: blocks * block - outputChannels)
        winograd = WinogradFilters.applies(kernelRows: kernelRows, kernelColumns: kernelColumns, strideY: strideY,
                                           strideX: strideX)
            ? WinogradFilters.transform(weights, outputChannels: outputChannels, inputChannels: inputChannels) : nil
    }
}
