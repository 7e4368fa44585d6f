import BlockingWork
import CFaceKernels

/// Filters transformed for `fk_winograd_rows`: U = G·g·Gᵀ for each filter g
/// (5×5 → 6×6), laid out per transform point ξ as 1×1 convolution filters of
/// `fk_winograd_channels` inputs and outputs (see `ConvolutionKernels.h`).
/// Measured on MMOD's 45-channel layers: ×1.2–1.3 over the direct kernel,
/// outputs within ~1e-5 relative of it.
enum WinogradFilters {
    /// G for the interpolation points 0, ±1, ±2, ∞.
    static let g: [[Double]] = [
        [1.0 / 4, 0, 0, 0, 0],
        [-1.0 / 6, -1.0 / 6, -1.0 / 6, -1.0 / 6, -1.0 / 6],
        [-1.0 / 6, 1.0 / 6, -1.0 / 6, 1.0 / 6, -1.0 / 6],
        [1.0 / 24, 1.0 / 12, 1.0 / 6, 1.0 / 3, 2.0 / 3],
        [1.0 / 24, -1.0 / 12, 1.0 / 6, -1.0 / 3, 2.0 / 3],
        [0, 0, 0, 0, 1],
    ]

    /// Whether a layer runs by Winograd on this CPU.
    static func applies(kernelRows: Int, kernelColumns: Int, strideY: Int, strideX: Int) -> Bool {
        kernelRows == 5 && kernelColumns == 5 && strideY == 1 && strideX == 1 && fk_conv_has_simd() != 0
    }

    /// The transformed, packed filters of 5×5 `weights` (outputs × inputs × 5 × 5).
    static func transform(_ weights: [Float], outputChannels: Int, inputChannels: Int) -> [Float] {
        let inputs = Int(fk_winograd_channels(Int32(inputChannels)))
        let perPoint = (Int(fk_winograd_channels(Int32(outputChannels))) + 15) / 16 * inputs * 16
        var packed = [Float](repeating: 0, count: 36 * perPoint)
        for m in 0..<outputChannels {
            for c in 0..<inputChannels {
                let filter = (m * inputChannels + c) * 25
                // G·g (6×5), then (G·g)·Gᵀ (6×6), in double precision.
                let left = (0..<6).map { i in
                    (0..<5).map { b in (0..<5).reduce(0.0) { $0 + g[i][$1] * Double(weights[filter + $1 * 5 + b]) } }
                }
                for i in 0..<6 {
                    for k in 0..<6 {
                        let value = (0..<5).reduce(0.0) { $0 + left[i][$1] * g[k][$1] }
                        packed[(i * 6 + k) * perPoint + ((m / 16) * inputs + c) * 16 + m % 16] = Float(value)
                    }
                }
            }
        }
        return packed
    }
}

extension Convolution {
    /// The Winograd path of `forward`: bands of 2-row tile rows per worker and
    /// sample, each worker with its own scratch.
    func forwardWinograd(_ input: FeatureMap, into output: inout FeatureMap, filters: [Float],
                         parallelism: Parallelism) {
        let (inLayout, outLayout) = (input.layout, output.layout)
        let tileRows = (outLayout.rows + 1) / 2
        let bands = parallelism.chunkCount(units: tileRows), tilesPerBand = (tileRows + bands - 1) / bands
        input.withUnsafeValues { inValues in
            output.withUnsafeMutableValues { outValues in
                filters.withUnsafeBufferPointer { filters in
                    bias.withUnsafeBufferPointer { bias in
                        func geometry(sample: Int) -> fk_winograd {
                            fk_winograd(
                                input: inValues.baseAddress! + inLayout.index(sample: sample, row: -paddingY,
                                                                              column: -paddingX),
                                input_row_stride: inLayout.rowStride,
                                input_rows: Int32(inLayout.rows + 2 * paddingY),
                                input_columns: Int32(inLayout.columns + 2 * paddingX),
                                input_channels: Int32(inputChannels), filters: filters.baseAddress!,
                                bias: bias.baseAddress!, output_channels: Int32(outputChannels),
                                output: outValues.baseAddress! + outLayout.index(sample: sample, row: 0, column: 0),
                                output_row_stride: outLayout.rowStride, output_rows: Int32(outLayout.rows),
                                output_columns: Int32(outLayout.columns), relu: appliesReLU ? 1 : 0)
                        }
                        var first = geometry(sample: 0)
                        let scratchFloats = fk_winograd_scratch_floats(&first)
                        let workers = min(parallelism.workers, input.samples * bands)
                        let scratch = UnsafeMutablePointer<Float>.allocate(capacity: scratchFloats * workers)
                        defer { scratch.deallocate() }
                        parallelism.forEachChunk(input.samples * bands) { chunk, worker in
                            let firstTileRow = (chunk % bands) * tilesPerBand
                            guard firstTileRow < tileRows else { return }
                            var call = geometry(sample: chunk / bands)
                            fk_winograd_rows(&call, Int32(firstTileRow), Int32(min(tilesPerBand, tileRows - firstTileRow)),
                                             scratch + worker * scratchFloats)
                        }
                    }
                }
            }
        }
    }
}
