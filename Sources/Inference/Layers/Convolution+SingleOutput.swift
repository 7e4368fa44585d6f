import CBLAS

// The one-output-channel, stride-1 path (MMOD's final 9×9 → 1 layer).
// im2col would build a (C·KR·KC × pixels) matrix only to multiply it by one
// row. Instead, per band of output rows:
//
//   taps (KR·KC × C) · input rows the band needs (C × bandInputRows·W)
//       ──sgemm──▶ tapSums (KR·KC × bandInputRows·W), in scratch
//   output(y, x) = bias + Σ_ky,kx tapSums(ky·KC + kx)(y − py + ky, x − px + kx)
//
// The sgemm does all the multiply-adds; the shifted sum is KR·KC adds per pixel.
extension Convolution {
    func forwardSingleOutput(_ input: Tensor, into output: inout Tensor, scratch: inout [Float],
                             parallelism: Parallelism) {
        let inShape = input.shape, outShape = output.shape
        let taps = kernelRows * kernelColumns
        let banding = RowBanding(outputRows: outShape.rows, floatsPerRow: taps * inShape.columns,
                                 workers: parallelism.workers, targetFloats: 1 << 18)
        let bandFloats = taps * (banding.rowsPerBand + kernelRows - 1) * inShape.columns
        let workers = min(parallelism.workers, inShape.samples * banding.bandsPerSample)
        if scratch.count < bandFloats * workers { scratch = [Float](repeating: 0, count: bandFloats * workers) }
        let tapWeights = weightsByTap()

        input.withValues { inValues in
            output.withMutableValues { outValues in
                scratch.withUnsafeMutableBufferPointer { scratchValues in
                    tapWeights.withUnsafeBufferPointer { tapValues in
                        let inBase = inValues.baseAddress!, outBase = outValues.baseAddress!
                        let sumsBase = scratchValues.baseAddress!, tapBase = tapValues.baseAddress!
                        parallelism.forEachChunk(inShape.samples * banding.bandsPerSample) { chunk, worker in
                            let sample = chunk / banding.bandsPerSample
                            let firstRow = (chunk % banding.bandsPerSample) * banding.rowsPerBand
                            let rows = min(banding.rowsPerBand, outShape.rows - firstRow)
                            let firstInputRow = max(0, firstRow - paddingY)
                            let endInputRow = min(inShape.rows, firstRow + rows - paddingY + kernelRows - 1)
                            let sumColumns = max(0, endInputRow - firstInputRow) * inShape.columns
                            let sums = sumsBase + worker * bandFloats
                            if sumColumns > 0 {
                                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans,
                                            Int32(taps), Int32(sumColumns), Int32(inputChannels),
                                            1, tapBase, Int32(inputChannels),
                                            inBase + sample * inShape.sampleSize + firstInputRow * inShape.columns,
                                            Int32(inShape.planeSize), 0, sums, Int32(sumColumns))
                            }
                            let band = outBase + sample * outShape.sampleSize + firstRow * outShape.columns
                            for row in 0..<rows {
                                let out = band + row * outShape.columns
                                out.update(repeating: 0, count: outShape.columns)
                                for ky in 0..<kernelRows {
                                    let y = firstRow + row - paddingY + ky
                                    guard y >= firstInputRow, y < endInputRow else { continue }
                                    for kx in 0..<kernelColumns {
                                        guard let valid = validColumns(kx: kx, width: inShape.columns,
                                                                       outputColumns: outShape.columns) else { continue }
                                        let source = sums + (ky * kernelColumns + kx) * sumColumns
                                            + (y - firstInputRow) * inShape.columns + kx - paddingX
                                        for x in valid { out[x] += source[x] }
                                    }
                                }
                                finish(out, count: outShape.columns, channel: 0)
                            }
                        }
                    }
                }
            }
        }
    }

    /// The weights of output channel 0 regrouped as taps × input channels.
    private func weightsByTap() -> [Float] {
        let taps = kernelRows * kernelColumns
        var regrouped = [Float](repeating: 0, count: taps * inputChannels)
        for c in 0..<inputChannels {
            for t in 0..<taps { regrouped[t * inputChannels + c] = weights[c * taps + t] }
        }
        return regrouped
    }
}
