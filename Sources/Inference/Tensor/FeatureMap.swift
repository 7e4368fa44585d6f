/// Activations in channels-last order, the layout the networks run in: for
/// each sample, rows of pixels, each pixel's channels contiguous.
///
/// Around each sample's pixels lies a border of `border` zero pixels, so a
/// convolution with padding up to `border` reads it in place, without
/// bounds checks or copies. Producers write only the interior; `reshape`
/// zeroes the border. Like `Tensor`, the storage may be longer than the shape
/// needs, so a workspace map stops allocating once it has seen its largest shape.
///
///   sample n: (rows + 2·border) rows of (columns + 2·border) pixels of `channels` floats
///   pixel (n, y, x) starts at n·sampleStride + (y + border)·rowStride + (x + border)·channels
public struct FeatureMap: Sendable {
    /// Extents and border of a feature map, and where its values sit.
    public struct Layout: Sendable, Hashable {
        /// The extents of the interior.
        public var samples: Int
        public var rows: Int
        public var columns: Int
        public var channels: Int
        /// Zero pixels kept on each side of every sample's rows and columns.
        public var border: Int

        /// Floats from one row to the next.
        public var rowStride: Int { (columns + 2 * border) * channels }
        /// Floats from one sample to the next.
        public var sampleStride: Int { (rows + 2 * border) * rowStride }
        /// Floats the whole map occupies.
        public var count: Int { samples * sampleStride }

        /// Position of channel 0 of pixel (row, column) of `sample`; row and
        /// column may reach into the border (down to −border).
        public func index(sample: Int, row: Int, column: Int) -> Int {
            sample * sampleStride + (row + border) * rowStride + (column + border) * channels
        }
    }

    /// The current extents and border.
    public private(set) var layout: Layout
    private(set) var storage: [Float]

    /// An empty map (its buffers grow on first use).
    public init() {
        layout = Layout(samples: 0, rows: 0, columns: 0, channels: 0, border: 0)
        storage = []
    }

    /// An empty map that will reuse `storage` (contents unspecified) as it grows.
    init(storage: [Float]) {
        self.init()
        self.storage = storage
    }

    /// A zero-filled map of the given extents.
    public init(samples: Int = 1, rows: Int, columns: Int, channels: Int, border: Int = 0) {
        self.init()
        reshape(samples: samples, rows: rows, columns: columns, channels: channels, border: border)
    }

    public var samples: Int { layout.samples }
    public var rows: Int { layout.rows }
    public var columns: Int { layout.columns }
    public var channels: Int { layout.channels }
    public var border: Int { layout.border }

    /// Changes the extents, growing the storage only when it is too small.
    /// The border is zero afterwards; the interior is unspecified.
    public mutating func reshape(samples: Int, rows: Int, columns: Int, channels: Int, border: Int = 0) {
        layout = Layout(samples: samples, rows: rows, columns: columns, channels: channels, border: border)
        if storage.count < layout.count {
            storage = [Float](repeating: 0, count: layout.count)
        } else if border > 0 {
            zeroBorder()
        }
    }

    private mutating func zeroBorder() {
        let layout = layout, band = layout.border * layout.channels
        storage.withUnsafeMutableBufferPointer { values in
            for n in 0..<layout.samples {
                let sample = values.baseAddress! + n * layout.sampleStride
                sample.update(repeating: 0, count: layout.border * layout.rowStride)
                (sample + (layout.rows + layout.border) * layout.rowStride)
                    .update(repeating: 0, count: layout.border * layout.rowStride)
                for y in layout.border..<layout.rows + layout.border {
                    (sample + y * layout.rowStride).update(repeating: 0, count: band)
                    (sample + (y + 1) * layout.rowStride - band).update(repeating: 0, count: band)
                }
            }
        }
    }

    /// The value of channel `c` at pixel (y, x) of sample `n`.
    public subscript(n: Int, y: Int, x: Int, c: Int) -> Float {
        get { storage[layout.index(sample: n, row: y, column: x) + c] }
        set { storage[layout.index(sample: n, row: y, column: x) + c] = newValue }
    }

    /// Reads the storage (border included) through a pointer.
    public func withUnsafeValues<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        try storage.withUnsafeBufferPointer(body)
    }

    /// Writes the storage (border included) through a pointer.
    public mutating func withUnsafeMutableValues<R>(_ body: (UnsafeMutableBufferPointer<Float>) throws -> R) rethrows -> R {
        try storage.withUnsafeMutableBufferPointer { try body($0) }
    }
}
