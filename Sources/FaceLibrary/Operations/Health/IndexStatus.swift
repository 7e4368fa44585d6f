// Seams between the ops side and the vector indexes. A running server's
// `LibraryIndexes` is the `IndexStatusProvider` (live figures for the
// gauges); facectl, which holds no index, reports index memory from
// `IndexMemoryEstimate`, the formula of FaceIndex's design note.

/// What a running server's vector indexes hold, per library.
public protocol IndexStatusProvider: Sendable {
    /// Vectors and bytes of every loaded library index, keyed by library row id.
    func indexFigures() async -> [Int64: IndexFigures]
}

/// One library index's size.
public struct IndexFigures: Sendable, Equatable {
    /// Vectors the index holds (should equal the library's face_count).
    public var vectors: Int
    /// Bytes the index holds in memory.
    public var bytes: Int
    /// The library change (`change_seq`) the index reflects, where a node
    /// follows the database's change log; `vectors` is the count at it.
    public var appliedSeq: Int64?

    /// Collects the figures.
    public init(vectors: Int, bytes: Int, appliedSeq: Int64? = nil) {
        self.vectors = vectors
        self.bytes = bytes
        self.appliedSeq = appliedSeq
    }
}

/// Memory a library index of `vectors` embeddings of `dimension` components
/// needs, for reports made without a running index (facectl stats).
public struct IndexMemoryEstimate: Sendable {
    /// Bytes for `vectors` vectors of `dimension` components.
    public let bytes: @Sendable (_ vectors: Int, _ dimension: Int) -> Int

    /// Wraps a formula (e.g. one the index module publishes).
    public init(_ bytes: @escaping @Sendable (_ vectors: Int, _ dimension: Int) -> Int) {
        self.bytes = bytes
    }

    /// The formula of FaceIndex's design note: per row, two byte planes of
    /// the 16-padded dimension plus scale, two bounds and the id (2·D + 16,
    /// 272 B at D = 128) and ~24 B of id map; rows past the last full chunk
    /// of 4,096 wait as float32 in the staging buffer.
    public static let documented = IndexMemoryEstimate { vectors, dimension in
        guard vectors > 0 else { return 0 }
        let padded = (dimension + 15) / 16 * 16
        let chunkRows = 4096
        let encoded = vectors / chunkRows * chunkRows
        return encoded * (2 * padded + 16) + (vectors - encoded) * dimension * 4 + vectors * 24
    }
}
