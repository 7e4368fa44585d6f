/// The extent of a 4-D tensor: samples × channels × rows × columns.
public struct TensorShape: Hashable, Sendable, CustomStringConvertible {
    /// The four extents, outermost first.
    public var samples: Int
    public var channels: Int
    public var rows: Int
    public var columns: Int

    /// Creates a shape from its four extents.
    public init(samples: Int = 1, channels: Int, rows: Int, columns: Int) {
        self.samples = samples
        self.channels = channels
        self.rows = rows
        self.columns = columns
    }

    /// Number of floats in one channel plane.
    public var planeSize: Int { rows * columns }
    /// Number of floats in one sample.
    public var sampleSize: Int { channels * rows * columns }
    /// Number of floats in the whole tensor.
    public var count: Int { samples * sampleSize }

    /// "N×C×H×W".
    public var description: String { "\(samples)×\(channels)×\(rows)×\(columns)" }
}
