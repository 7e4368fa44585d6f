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

    public let kind: Kind
    public let windowRows: Int
    public let windowColumns: Int
    public let strideY: Int
    public let strideX: Int
    public let paddingY: Int
    public let paddingX: Int

    /// Creates a pooling layer; a 0×0 window pools whole planes.
    public init(kind: Kind, windowRows: Int, windowColumns: Int, strideY: Int, strideX: Int,
                paddingY: Int = 0, paddingX: Int = 0) {
        precondition(strideY > 0 && strideX > 0, "Pooling: strides must be positive")
        self.kind = kind
        self.windowRows = windowRows
        self.windowColumns = windowColumns
        self.strideY = strideY
        self.strideX = strideX
        self.paddingY = paddingY
        self.paddingX = paddingX
    }

    /// Whether the window spans the whole input plane.
    public var isGlobal: Bool { windowRows == 0 && windowColumns == 0 }

    /// The output shape for an input shape.
    public func outputShape(for input: TensorShape) -> TensorShape {
        guard !isGlobal else { return TensorShape(samples: input.samples, channels: input.channels, rows: 1, columns: 1) }
        func extent(_ size: Int, _ pad: Int, _ window: Int, _ stride: Int) -> Int {
            size + 2 * pad >= window ? 1 + (size + 2 * pad - window) / stride : 0
        }
        return TensorShape(samples: input.samples, channels: input.channels,
                           rows: extent(input.rows, paddingY, windowRows, strideY),
                           columns: extent(input.columns, paddingX, windowColumns, strideX))
    }

    /// Pools `input` into `output` (reshaped as needed).
    public func forward(_ input: Tensor, into output: inout Tensor) {
        let inShape = input.shape
        let outShape = outputShape(for: inShape)
        output.reshape(to: outShape)
        let rows = isGlobal ? inShape.rows : windowRows
        let columns = isGlobal ? inShape.columns : windowColumns
        input.withValues { inValues in
            output.withMutableValues { outValues in
                for plane in 0..<inShape.samples * inShape.channels {
                    let source = inValues.baseAddress! + plane * inShape.planeSize
                    let destination = outValues.baseAddress! + plane * outShape.planeSize
                    for y in 0..<outShape.rows {
                        let top = y * strideY - paddingY
                        let rowRange = max(0, top)..<min(inShape.rows, top + rows)
                        for x in 0..<outShape.columns {
                            let left = x * strideX - paddingX
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
