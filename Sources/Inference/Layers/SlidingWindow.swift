/// The window geometry shared by convolution and pooling: window size,
/// strides and zero padding.
///
/// Along each axis, output position o reads input positions
/// o·stride − padding + k for k in 0..<size, so an input of n values gives
/// 1 + ⌊(n + 2·padding − size) / stride⌋ outputs (none when the padded input
/// is smaller than the window).
public struct SlidingWindow: Sendable, Hashable {
    /// Window size, strides and zero padding, per axis.
    public let rows: Int
    public let columns: Int
    public let strideY: Int
    public let strideX: Int
    public let paddingY: Int
    public let paddingX: Int

    /// Creates a window; strides must be positive.
    public init(rows: Int, columns: Int, strideY: Int = 1, strideX: Int = 1, paddingY: Int = 0, paddingX: Int = 0) {
        precondition(strideY > 0 && strideX > 0, "SlidingWindow: strides must be positive")
        (self.rows, self.columns, self.strideY, self.strideX) = (rows, columns, strideY, strideX)
        (self.paddingY, self.paddingX) = (paddingY, paddingX)
    }

    /// Output rows and columns for an input of the given extent.
    func outputExtent(rows inputRows: Int, columns inputColumns: Int) -> (rows: Int, columns: Int) {
        func extent(_ size: Int, _ padding: Int, _ window: Int, _ stride: Int) -> Int {
            size + 2 * padding >= window ? 1 + (size + 2 * padding - window) / stride : 0
        }
        return (extent(inputRows, paddingY, rows, strideY), extent(inputColumns, paddingX, columns, strideX))
    }
}
