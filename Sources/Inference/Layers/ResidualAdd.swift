/// The element-wise sum of two tensors, as dlib's `add_prev` computes it: the
/// result takes the larger extent on every axis, and each operand reads as
/// zero where it is smaller (extra channels, rows or columns). An optional
/// ReLU is fused.
public struct ResidualAdd: Sendable, Hashable {
    /// Whether max(0, ·) follows the sum.
    public let appliesReLU: Bool

    /// Creates the layer.
    public init(appliesReLU: Bool = false) {
        self.appliesReLU = appliesReLU
    }

    /// The result shape for two operand shapes.
    public func outputShape(_ a: TensorShape, _ b: TensorShape) -> TensorShape {
        TensorShape(samples: max(a.samples, b.samples), channels: max(a.channels, b.channels),
                    rows: max(a.rows, b.rows), columns: max(a.columns, b.columns))
    }

    /// Writes a + b of two N×C×H×W tensors into `output` (reshaped as
    /// needed), through channels-last copies. Networks run on `FeatureMap`s.
    public func forward(_ a: Tensor, _ b: Tensor, into output: inout Tensor) {
        var result = FeatureMap()
        forward(FeatureMap(a), FeatureMap(b), into: &result)
        output.load(result)
    }

    /// Writes a + b into `output` (it must be neither operand), reshaped with
    /// a zero border of `outputBorder` pixels (the next convolution's padding).
    public func forward(_ a: FeatureMap, _ b: FeatureMap, into output: inout FeatureMap, outputBorder: Int = 0) {
        let shape = outputShape(TensorShape(samples: a.samples, channels: a.channels, rows: a.rows, columns: a.columns),
                                TensorShape(samples: b.samples, channels: b.channels, rows: b.rows, columns: b.columns))
        output.reshape(samples: shape.samples, rows: shape.rows, columns: shape.columns, channels: shape.channels,
                       border: outputBorder)
        let (aLayout, bLayout, outLayout) = (a.layout, b.layout, output.layout)
        a.withUnsafeValues { aValues in
            b.withUnsafeValues { bValues in
                output.withUnsafeMutableValues { outValues in
                    for n in 0..<shape.samples {
                        for y in 0..<shape.rows {
                            for x in 0..<shape.columns {
                                let out = outValues.baseAddress! + outLayout.index(sample: n, row: y, column: x)
                                out.update(repeating: 0, count: shape.channels)
                                Self.accumulate(aLayout, aValues, sample: n, row: y, column: x, into: out)
                                Self.accumulate(bLayout, bValues, sample: n, row: y, column: x, into: out)
                                if appliesReLU {
                                    for c in 0..<shape.channels { out[c] = max(0, out[c]) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Adds the operand's channels at one pixel into `out`; nothing where the
    /// operand is smaller (it reads as zero there).
    private static func accumulate(_ map: FeatureMap.Layout, _ values: UnsafeBufferPointer<Float>, sample: Int, row: Int,
                                   column: Int, into out: UnsafeMutablePointer<Float>) {
        guard sample < map.samples && row < map.rows && column < map.columns else { return }
        let source = values.baseAddress! + map.index(sample: sample, row: row, column: column)
        for c in 0..<map.channels { out[c] += source[c] }
    }
}
