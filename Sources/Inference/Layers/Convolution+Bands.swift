// Both convolution paths work band by band: a band is a run of output rows of
// one sample. Bands never overlap in the output, and each worker owns a slice
// of the scratch buffer, so bands run on any worker without locks.

/// Splits output rows into bands small enough to keep a band's intermediate
/// matrix in cache, and at least one band per worker when possible.
struct RowBanding {
    let rowsPerBand: Int
    let bandsPerSample: Int

    init(outputRows: Int, floatsPerRow: Int, workers: Int, targetFloats: Int = 1 << 16) {
        var rows = max(1, targetFloats / max(1, floatsPerRow))
        rows = min(rows, max(1, (outputRows + workers - 1) / workers))
        rowsPerBand = min(rows, outputRows)
        bandsPerSample = (outputRows + rowsPerBand - 1) / rowsPerBand
    }
}

/// One band of output rows of one sample, with the memory its worker owns.
struct ConvolutionBand {
    /// First output row and number of rows.
    let firstRow: Int
    let rows: Int
    /// The sample's input (C×H×W) and output (M×OH×OW) planes.
    let input: UnsafePointer<Float>
    let output: UnsafeMutablePointer<Float>
    /// The worker's private scratch slice.
    let scratch: UnsafeMutablePointer<Float>
}

extension Convolution {
    /// Calls `body` for every band of every sample, spread over the workers,
    /// after growing `scratch` to `bandFloats` per worker.
    func forEachBand(_ input: Tensor, _ output: inout Tensor, scratch: inout [Float], banding: RowBanding,
                     bandFloats: Int, parallelism: Parallelism, _ body: (ConvolutionBand) -> Void) {
        let inShape = input.shape, outShape = output.shape
        let bands = inShape.samples * banding.bandsPerSample
        let workers = min(parallelism.workers, bands)
        if scratch.count < bandFloats * workers { scratch = [Float](repeating: 0, count: bandFloats * workers) }
        input.withValues { inValues in
            output.withMutableValues { outValues in
                scratch.withUnsafeMutableBufferPointer { scratchValues in
                    parallelism.forEachChunk(bands) { chunk, worker in
                        let sample = chunk / banding.bandsPerSample
                        let firstRow = (chunk % banding.bandsPerSample) * banding.rowsPerBand
                        body(ConvolutionBand(firstRow: firstRow, rows: min(banding.rowsPerBand, outShape.rows - firstRow),
                                             input: inValues.baseAddress! + sample * inShape.sampleSize,
                                             output: outValues.baseAddress! + sample * outShape.sampleSize,
                                             scratch: scratchValues.baseAddress! + worker * bandFloats))
                    }
                }
            }
        }
    }
}
