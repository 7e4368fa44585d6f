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
        forEachBand(input, &output, scratch: &scratch, banding: banding,
                    bandFloats: patchSize * banding.rowsPerBand * outShape.columns, parallelism: parallelism) { band in
            im2col(band.input, shape: inShape, firstRow: band.firstRow, rows: band.rows,
                   outputColumns: outShape.columns, into: band.scratch)
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
    private func im2col(_ input: UnsafePointer<Float>, shape: TensorShape, firstRow: Int, rows: Int,
                        outputColumns: Int, into patches: UnsafeMutablePointer<Float>) {
        let width = shape.columns, height = shape.rows
        let bandColumns = rows * outputColumns
        var destination = patches
        for c in 0..<inputChannels {
            let plane = input + c * shape.planeSize
            for ky in 0..<kernelRows {
                for kx in 0..<kernelColumns {
                    let valid = validColumns(kx: kx, width: width, outputColumns: outputColumns)
                    for row in 0..<rows {
                        let out = destination + row * outputColumns
                        let y = (firstRow + row) * strideY - paddingY + ky
                        guard y >= 0, y < height, let valid else {
                            out.update(repeating: 0, count: outputColumns)
                            continue
                        }
                        out.update(repeating: 0, count: valid.lowerBound)
                        let source = plane + y * width + kx - paddingX
                        if strideX == 1 {
                            (out + valid.lowerBound).update(from: source + valid.lowerBound, count: valid.count)
                        } else {
                            for x in valid { out[x] = source[x * strideX] }
                        }
                        (out + valid.upperBound + 1).update(repeating: 0, count: outputColumns - 1 - valid.upperBound)
                    }
                    destination += bandColumns
                }
            }
        }
    }
}
