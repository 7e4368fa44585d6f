extension Tensor {
    /// Writes interleaved 8-bit RGB pixels into sample `sample` as three planes
    /// normalised as dlib's RGB input layers do: (value − mean) / 256.
    ///
    /// `pixels` holds rows × columns × 3 bytes; the tensor must have 3 channels
    /// and the same rows and columns.
    public mutating func setRGB(sample: Int, pixels: UnsafeBufferPointer<UInt8>,
                                mean: (red: Float, green: Float, blue: Float)) {
        let s = shape
        precondition(s.channels == 3 && pixels.count == s.planeSize * 3 && sample < s.samples,
                     "Tensor.setRGB: \(pixels.count) bytes do not fit \(s)")
        let means = [mean.red, mean.green, mean.blue]
        withMutableValues { values in
            for c in 0..<3 {
                let plane = values.baseAddress! + (sample * 3 + c) * s.planeSize
                let m = means[c]
                for i in 0..<s.planeSize { plane[i] = (Float(pixels[i * 3 + c]) - m) / 256 }
            }
        }
    }
}
