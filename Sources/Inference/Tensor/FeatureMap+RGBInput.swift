extension FeatureMap {
    /// Writes interleaved 8-bit RGB pixels into sample `sample`, normalised as
    /// dlib's RGB input layers do: (value − mean) / 256.
    ///
    /// `pixels` holds rows × columns × 3 bytes; the map must have 3 channels
    /// and the same rows and columns.
    public mutating func setRGB(sample: Int, pixels: UnsafeBufferPointer<UInt8>,
                                mean: (red: Float, green: Float, blue: Float)) {
        precondition(channels == 3 && pixels.count == rows * columns * 3 && sample < samples,
                     "FeatureMap.setRGB: \(pixels.count) bytes do not fit \(rows)×\(columns)×\(channels)")
        let (columns, rows, layout) = (columns, rows, layout)
        withUnsafeMutableValues { values in
            for y in 0..<rows {
                let row = values.baseAddress! + layout.index(sample: sample, row: y, column: 0)
                for x in 0..<columns {
                    let p = (y * columns + x) * 3
                    row[x * 3] = (Float(pixels[p]) - mean.red) / 256
                    row[x * 3 + 1] = (Float(pixels[p + 1]) - mean.green) / 256
                    row[x * 3 + 2] = (Float(pixels[p + 2]) - mean.blue) / 256
                }
            }
        }
    }
}
