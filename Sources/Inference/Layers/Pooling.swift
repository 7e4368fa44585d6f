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

    /// Pools `input` into `output` (reshaped as needed).
    public func forward(_ input: Tensor, into output: inout Tensor) {
        let inShape = input.shape
        let outShape = outputShape(for: inShape)
        output.reshape(to: outShape)
        let rows = isGlobal ? inShape.rows : window.rows
        let columns = isGlobal ? inShape.columns : window.columns
        input.withValues { inValues in
            output.withMutableValues { outValues in
                for plane in 0..<inShape.samples * inShape.channels {
                    let source = inValues.baseAddress! + plane * inShape.planeSize
                    let destination = outValues.baseAddress! + plane * outShape.planeSize
                    for y in 0..<outShape.rows {
                        let top = y * window.strideY - window.paddingY
                        let rowRange = max(0, top)..<min(inShape.rows, top + rows)
                        for x in 0..<outShape.columns {
                            let left = x * window.strideX - window.paddingX
                            let columnRange = max(0, left)..<min(inShape.columns, left + columns)
                            destination[y * outShape.columns + x] =
                                reduce(source, width: inShape.columns, rows: rowRange, columns: columnRange)
                        }
                    }
                }
            }
        }
    }

    private func reduce(_ plane: UnsafePointer<Float>, width: Int, rows: Range<Int>, columns: Range<Int>) -> Float {
        switch kind {
        case .max:
            var best = -Float.infinity
            for y in rows { for x in columns { best = max(best, plane[y * width + x]) } }
            return best
        case .average:
            var sum: Float = 0
            for y in rows { for x in columns { sum += plane[y * width + x] } }
            let count = rows.count * columns.count
            return count > 0 ? sum / Float(count) : 0
        }
    }
}
