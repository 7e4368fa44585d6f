import CBLAS

// The general convolution path. For each band of output rows of one sample:
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
        let bandFloats = patchSize * banding.rowsPerBand * outShape.columns
        let workers = min(parallelism.workers, inShape.samples * banding.bandsPerSample)
        if scratch.count < bandFloats * workers { scratch = [Float](repeating: 0, count: bandFloats * workers) }

        input.withValues { inValues in
            output.withMutableValues { outValues in
                scratch.withUnsafeMutableBufferPointer { scratchValues in
                    weights.withUnsafeBufferPointer { weightValues in
                        let inBase = inValues.baseAddress!, outBase = outValues.baseAddress!
                        let patchesBase = scratchValues.baseAddress!, weightBase = weightValues.baseAddress!
                        parallelism.forEachChunk(inShape.samples * banding.bandsPerSample) { chunk, worker in
                            let sample = chunk / banding.bandsPerSample
                            let firstRow = (chunk % banding.bandsPerSample) * banding.rowsPerBand
                            let rows = min(banding.rowsPerBand, outShape.rows - firstRow)
                            let patches = patchesBase + worker * bandFloats
                            im2col(inBase + sample * inShape.sampleSize, shape: inShape,
                                   firstRow: firstRow, rows: rows, outputColumns: outShape.columns, into: patches)
                            let bandColumns = rows * outShape.columns
                            let band = outBase + sample * outShape.sampleSize + firstRow * outShape.columns
                            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans,
                                        Int32(outputChannels), Int32(bandColumns), Int32(patchSize),
                                        1, weightBase, Int32(patchSize), patches, Int32(bandColumns),
                                        0, band, Int32(outShape.planeSize))
                            for m in 0..<outputChannels {
                                finish(band + m * outShape.planeSize, count: bandColumns, channel: m)
                            }
                        }
                    }
                }
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
