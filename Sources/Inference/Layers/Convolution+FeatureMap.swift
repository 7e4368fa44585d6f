import BlockingWork
import CFaceKernels

extension Convolution {
    /// Which implementation runs (tests compare them).
    enum Kernel: Sendable {
        /// Winograd F(2×2, 5×5) for a stride-1 5×5 layer on an AVX2 CPU,
        /// otherwise the direct convolution.
        case automatic
        /// `fk_conv_rows`: AVX2/FMA when the CPU has it, else plain C.
        case direct
        /// `fk_conv_rows_scalar`, plain C.
        case scalar
    }

    /// The zero border its input map needs: the larger padding.
    public var inputBorder: Int { max(paddingY, paddingX) }

    /// Computes the convolution of `input` into `output`, reshaped to the
    /// output extents with a zero border of `outputBorder` pixels (the next
    /// convolution's padding). `input.border` must cover this one's padding.
    public func forward(_ input: FeatureMap, into output: inout FeatureMap, outputBorder: Int = 0,
                        parallelism: Parallelism = .serial) {
        forward(input, into: &output, outputBorder: outputBorder, parallelism: parallelism, kernel: .automatic)
    }

    func forward(_ input: FeatureMap, into output: inout FeatureMap, outputBorder: Int, parallelism: Parallelism,
                 kernel: Kernel) {
        precondition(input.channels == inputChannels,
                     "Convolution: input has \(input.channels) channels, expected \(inputChannels)")
        precondition(input.border >= inputBorder,
                     "Convolution: input border \(input.border) is narrower than the padding")
        let extent = window.outputExtent(rows: input.rows, columns: input.columns)
        output.reshape(samples: input.samples, rows: extent.rows, columns: extent.columns, channels: outputChannels,
                       border: outputBorder)
        guard input.samples > 0, extent.rows > 0, extent.columns > 0 else { return }
        if kernel == .automatic, let winograd = packed.winograd {
            forwardWinograd(input, into: &output, filters: winograd, parallelism: parallelism)
            return
        }
        // Bands of whole output rows, a few per worker and sample.
        let bands = parallelism.chunkCount(units: extent.rows), rowsPerBand = (extent.rows + bands - 1) / bands
        let (inLayout, outLayout) = (input.layout, output.layout)
        input.withUnsafeValues { inValues in
            output.withUnsafeMutableValues { outValues in
                packed.filters.withUnsafeBufferPointer { filters in
                    packed.bias.withUnsafeBufferPointer { bias in
                        parallelism.forEachChunk(input.samples * bands) { chunk, _ in
                            let sample = chunk / bands, firstRow = (chunk % bands) * rowsPerBand
                            guard firstRow < extent.rows else { return }
                            var geometry = fk_conv(
                                input: inValues.baseAddress! + inLayout.index(sample: sample, row: -paddingY, column: -paddingX),
                                input_row_stride: inLayout.rowStride, input_channels: Int32(inputChannels),
                                kernel_rows: Int32(kernelRows), kernel_columns: Int32(kernelColumns),
                                stride_y: Int32(strideY), stride_x: Int32(strideX),
                                filters: filters.baseAddress!, bias: bias.baseAddress!,
                                output_channels: Int32(outputChannels), block: Int32(packed.block),
                                output: outValues.baseAddress! + outLayout.index(sample: sample, row: 0, column: 0),
                                output_row_stride: outLayout.rowStride, output_columns: Int32(extent.columns),
                                relu: appliesReLU ? 1 : 0)
                            let rows = Int32(min(rowsPerBand, extent.rows - firstRow))
                            if kernel == .scalar {
                                fk_conv_rows_scalar(&geometry, Int32(firstRow), rows)
                            } else {
                                fk_conv_rows(&geometry, Int32(firstRow), rows)
                            }
                        }
                    }
                }
            }
        }
    }
}
