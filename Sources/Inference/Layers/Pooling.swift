/// Max or average pooling over windows, or global average pooling.
///
/// Output size per axis is 1 + ⌊(in + 2·pad − window) / stride⌋. Window
/// positions outside the input are ignored: max takes the maximum of the
/// inside values, average divides by the number of inside values. A window of
/// 0×0 means "the whole plane" (global average, output 1×1), as in dlib's
/// `avg_pool_everything`.
public struct Pooling: Sendable, Hashable {
    /// What a window reduces to.
    public enum Kind: Sendable, Hashable { case max, average }

    /// Maximum or average.
    public let kind: Kind
    /// Window size (0×0 for a global pool), strides and padding.
    public let window: SlidingWindow

    /// Creates a pooling layer; a 0×0 window pools whole planes.
    public init(kind: Kind, windowRows: Int, windowColumns: Int, strideY: Int, strideX: Int,
                paddingY: Int = 0, paddingX: Int = 0) {
        self.kind = kind
        window = SlidingWindow(rows: windowRows, columns: windowColumns, strideY: strideY, strideX: strideX,
                               paddingY: paddingY, paddingX: paddingX)
    }

    /// Whether the window spans the whole input plane.
    public var isGlobal: Bool { window.rows == 0 && window.columns == 0 }

    /// The output shape for an input shape.
    public func outputShape(for input: TensorShape) -> TensorShape {
        guard !isGlobal else { return TensorShape(samples: input.samples, channels: input.channels, rows: 1, columns: 1) }
        let extent = window.outputExtent(rows: input.rows, columns: input.columns)
        return TensorShape(samples: input.samples, channels: input.channels, rows: extent.rows, columns: extent.columns)
    }

    /// Pools an N×C×H×W `input` into `output` (reshaped as needed), through
    /// channels-last copies. Networks run on `FeatureMap`s directly instead.
    public func forward(_ input: Tensor, into output: inout Tensor) {
        var result = FeatureMap()
        forward(FeatureMap(input), into: &result)
        output.load(result)
    }

    /// Pools `input` into `output`, reshaped with a zero border of
    /// `outputBorder` pixels (the next convolution's padding).
    public func forward(_ input: FeatureMap, into output: inout FeatureMap, outputBorder: Int = 0) {
        let shape = outputShape(for: TensorShape(samples: input.samples, channels: input.channels,
                                                 rows: input.rows, columns: input.columns))
        output.reshape(samples: shape.samples, rows: shape.rows, columns: shape.columns, channels: shape.channels,
                       border: outputBorder)
        let rows = isGlobal ? input.rows : window.rows, columns = isGlobal ? input.columns : window.columns
        let (channels, inLayout, outLayout) = (input.channels, input.layout, output.layout)
        input.withUnsafeValues { inValues in
            output.withUnsafeMutableValues { outValues in
                for n in 0..<shape.samples {
                    for y in 0..<shape.rows {
                        let top = y * window.strideY - window.paddingY
                        let rowRange = max(0, top)..<min(input.rows, top + rows)
                        for x in 0..<shape.columns {
                            let left = x * window.strideX - window.paddingX
                            let columnRange = max(0, left)..<min(input.columns, left + columns)
                            let destination = outValues.baseAddress! + outLayout.index(sample: n, row: y, column: x)
                            destination.update(repeating: kind == .max ? -.infinity : 0, count: channels)
                            for iy in rowRange {
                                for ix in columnRange {
                                    let source = inValues.baseAddress! + inLayout.index(sample: n, row: iy, column: ix)
                                    combine(source, into: destination, count: channels)
                                }
                            }
                            if kind == .average {
                                let inside = Float(rowRange.count * columnRange.count)
                                for c in 0..<channels { destination[c] = inside > 0 ? destination[c] / inside : 0 }
                            }
                        }
                    }
                }
            }
        }
    }

    private func combine(_ source: UnsafePointer<Float>, into destination: UnsafeMutablePointer<Float>, count: Int) {
        switch kind {
        case .max: for c in 0..<count { destination[c] = max(destination[c], source[c]) }
        case .average: for c in 0..<count { destination[c] += source[c] }
        }
    }
}
