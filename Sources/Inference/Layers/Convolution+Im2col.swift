import CBLAS

// The general convolution path. For each band of output rows of one sample
// (`Convolution+Bands.swift`):
//
//   input (C×H×W) ──im2col──▶ patches (C·KR·KC × bandRows·OW), in scratch
//   weights (M × C·KR·KC) · patches ──sgemm──▶ output rows of the band
//                                              (ldc = OH·OW writes in place)
//   then bias + optional ReLU on the band.
//
// Each worker owns one patch matrix in scratch; bands never overlap in the
// output, so workers need no synchronisation.
extension Convolution {
    func forwardIm2col(_ input: Tensor, into output: inout Tensor, scratch: inout [Float],
                       parallelism: Parallelism) {
        let inShape = input.shape, outShape = output.shape
        let banding = RowBanding(outputRows: outShape.rows, floatsPerRow: patchSize * outShape.columns,
                                 workers: parallelism.workers)
        let patchFloats = patchSize * banding.rowsPerBand * outShape.columns
        forEachBand(input, &output, scratch: &scratch, banding: banding,
                    bandFloats: patchFloats + inShape.columns + strideX, parallelism: parallelism) { band in
            im2col(band.input, shape: inShape, firstRow: band.firstRow, rows: band.rows,
                   outputColumns: outShape.columns, into: band.scratch, phases: band.scratch + patchFloats)
            let bandColumns = band.rows * outShape.columns
            let result = band.output + band.firstRow * outShape.columns
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans,
                        Int32(outputChannels), Int32(bandColumns), Int32(patchSize),
                        1, weights, Int32(patchSize), band.scratch, Int32(bandColumns),
                        0, result, Int32(outShape.planeSize))
            for m in 0..<outputChannels {
                finish(result + m * outShape.planeSize, count: bandColumns, channel: m)
            }
        }
    }

    /// Writes the patch matrix of output rows firstRow..<firstRow+rows of one
    /// sample: row (c, ky, kx), column (y, x) holds input(c, y·sy − py + ky,
    /// x·sx − px + kx), or 0 outside the input.
    ///
    /// With stride sx > 1 each input row is first split into its sx phases
    /// (columns ≡ p mod sx) in `phases`, so that every kx becomes one
    /// contiguous copy instead of a strided gather.
    private func im2col(_ input: UnsafePointer<Float>, shape: TensorShape, firstRow: Int, rows: Int,
                        outputColumns: Int, into patches: UnsafeMutablePointer<Float>,
                        phases: UnsafeMutablePointer<Float>) {
        let width = shape.columns, height = shape.rows
        let bandColumns = rows * outputColumns
        let phaseWidth = (width + strideX - 1) / strideX
        for c in 0..<inputChannels {
            let plane = input + c * shape.planeSize
            for ky in 0..<kernelRows {
                let kernelRow = patches + (c * kernelRows + ky) * kernelColumns * bandColumns
                for row in 0..<rows {
                    let y = (firstRow + row) * strideY - paddingY + ky
                    let inside = y >= 0 && y < height
                    var source = plane + (inside ? y * width : 0)
                    if inside && strideX > 1 {
                        for phase in 0..<strideX {
                            let destination = phases + phase * phaseWidth
                            for i in 0..<(width - phase + strideX - 1) / strideX {
                                destination[i] = source[i * strideX + phase]
                            }
                        }
                        source = UnsafePointer(phases)
                    }
                    for kx in 0..<kernelColumns {
                        let out = kernelRow + kx * bandColumns + row * outputColumns
                        guard inside, let valid = validColumns(kx: kx, width: width, outputColumns: outputColumns) else {
                            out.update(repeating: 0, count: outputColumns)
                            continue
                        }
                        // Input column x·sx + offset is phase p, index x + shift.
                        let offset = kx - paddingX
                        let phase = ((offset % strideX) + strideX) % strideX, shift = (offset - phase) / strideX
                        let from = source + phase * phaseWidth + shift
                        out.update(repeating: 0, count: valid.lowerBound)
                        (out + valid.lowerBound).update(from: from + valid.lowerBound, count: valid.count)
                        (out + valid.upperBound + 1).update(repeating: 0, count: outputColumns - 1 - valid.upperBound)
                    }
                }
            }
        }
    }
}
