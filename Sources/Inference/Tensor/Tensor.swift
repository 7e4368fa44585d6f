/// A dense float32 tensor in N×C×H×W order (samples, channels, rows, columns).
///
/// The storage may be longer than the shape needs: `reshape` reuses it, so a
/// tensor kept in a workspace stops allocating once it has seen its largest
/// shape. Only the first `shape.count` floats are meaningful.
public struct Tensor: Sendable {
    /// The current extents.
    public private(set) var shape: TensorShape
    /// The values, possibly followed by unused capacity (see `reshape`).
    public private(set) var storage: [Float]

    /// Creates a zero-filled tensor of the given shape.
    public init(shape: TensorShape) {
        self.shape = shape
        self.storage = [Float](repeating: 0, count: shape.count)
    }

    /// Wraps existing values; `values.count` must equal `shape.count`.
    public init(shape: TensorShape, values: [Float]) {
        precondition(values.count == shape.count, "Tensor: \(values.count) values for shape \(shape)")
        self.shape = shape
        self.storage = values
    }

    /// Changes the shape, growing the storage only when it is too small.
    /// The contents are unspecified afterwards.
    public mutating func reshape(to newShape: TensorShape) {
        shape = newShape
        if storage.count < newShape.count {
            storage = [Float](repeating: 0, count: newShape.count)
        }
    }

    /// The meaningful values, as a fresh array.
    public var values: [Float] { Array(storage[0..<shape.count]) }

    /// Reads the meaningful values through a pointer.
    public func withValues<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        try storage.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[0..<shape.count])) }
    }

    /// Writes the meaningful values through a pointer.
    public mutating func withMutableValues<R>(_ body: (UnsafeMutableBufferPointer<Float>) throws -> R) rethrows -> R {
        let count = shape.count
        return try storage.withUnsafeMutableBufferPointer {
            try body(UnsafeMutableBufferPointer(rebasing: $0[0..<count]))
        }
    }

    /// The value at sample `n`, channel `c`, row `y`, column `x`.
    public subscript(n: Int, c: Int, y: Int, x: Int) -> Float {
        get { storage[((n * shape.channels + c) * shape.rows + y) * shape.columns + x] }
        set { storage[((n * shape.channels + c) * shape.rows + y) * shape.columns + x] = newValue }
    }
}
