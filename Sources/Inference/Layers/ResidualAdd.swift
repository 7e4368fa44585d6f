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

    /// Writes a + b into `output` (reshaped as needed; it must be neither operand).
    public func forward(_ a: Tensor, _ b: Tensor, into output: inout Tensor) {
        let shape = outputShape(a.shape, b.shape)
        output.reshape(to: shape)
        output.withMutableValues { out in
            out.update(repeating: 0)
            accumulate(a, into: out.baseAddress!, shape: shape)
            accumulate(b, into: out.baseAddress!, shape: shape)
            if appliesReLU {
                for i in out.indices { out[i] = max(0, out[i]) }
            }
        }
    }

    /// Adds `operand` into the top-left corner of each plane of `out`.
    private func accumulate(_ operand: Tensor, into out: UnsafeMutablePointer<Float>, shape: TensorShape) {
        let s = operand.shape
        operand.withValues { values in
            for n in 0..<s.samples {
                for c in 0..<s.channels {
                    for y in 0..<s.rows {
                        let source = values.baseAddress! + ((n * s.channels + c) * s.rows + y) * s.columns
                        let destination = out + ((n * shape.channels + c) * shape.rows + y) * shape.columns
                        for x in 0..<s.columns { destination[x] += source[x] }
                    }
                }
            }
        }
    }
}
