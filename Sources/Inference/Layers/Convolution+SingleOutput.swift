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
        forEachBand(input, &output, scratch: &scratch, banding: banding, bandFloats: bandFloats,
                    parallelism: parallelism) { band in
            let firstInputRow = max(0, band.firstRow - paddingY)
            let endInputRow = min(inShape.rows, band.firstRow + band.rows - paddingY + kernelRows - 1)
            let sumColumns = max(0, endInputRow - firstInputRow) * inShape.columns
            if sumColumns > 0 {
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(taps), Int32(sumColumns),
                            Int32(inputChannels), 1, weightsByTap, Int32(inputChannels),
                            band.input + firstInputRow * inShape.columns, Int32(inShape.planeSize),
                            0, band.scratch, Int32(sumColumns))
            }
            for row in 0..<band.rows {
                let out = band.output + (band.firstRow + row) * outShape.columns
                out.update(repeating: 0, count: outShape.columns)
                for ky in 0..<kernelRows {
                    let y = band.firstRow + row - paddingY + ky
                    guard y >= firstInputRow, y < endInputRow else { continue }
                    for kx in 0..<kernelColumns {
                        guard let valid = validColumns(kx: kx, width: inShape.columns,
                                                       outputColumns: outShape.columns) else { continue }
                        let source = band.scratch + (ky * kernelColumns + kx) * sumColumns
                            + (y - firstInputRow) * inShape.columns + kx - paddingX
                        for x in valid { out[x] += source[x] }
                    }
                }
                finish(out, count: outShape.columns, channel: 0)
            }
        }
    }

    /// The weights of output channel 0 regrouped as taps × input channels.
    static func regroupByTap(_ weights: [Float], taps: Int, inputChannels: Int) -> [Float] {
        var regrouped = [Float](repeating: 0, count: taps * inputChannels)
        for c in 0..<inputChannels {
            for t in 0..<taps { regrouped[t * inputChannels + c] = weights[c * taps + t] }
        }
        return regrouped
    }
}
