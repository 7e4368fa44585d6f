import BlockingWork
import FaceIndex
import FaceStore

/// Builds a new index on the load lanes from batches of stored embeddings
/// (a single node's load, a replica's snapshot reload). Double buffering: a
/// lane encodes one batch while the caller reads the next, so the store and
/// the encoder use a core each.
struct IndexBuilder {
    /// Rows per batch when streaming a library's embeddings into its index.
    static let batchSize = 4096

    let index: VectorIndex
    private var encoding: Task<Void, any Error>?

    /// An empty index sized for `capacity` faces (sizing the id map of a
    /// large library takes milliseconds too, so it runs on a lane as well).
    init(dimension: Int, capacity: Int) async throws {
        index = try await IndexLanes.loads.run { _ in
            let index = try VectorIndex(dimension: dimension)
            index.reserveCapacity(capacity)
            return index
        }
    }

    /// Starts encoding `batch` once the previous batch is in.
    mutating func add(_ batch: [EmbeddingRecord]) async throws {
        try await encoding?.value
        try Task.checkCancellation()
        encoding = Task { [index] in try await IndexLanes.loads.run { _ in try index.add(batch) } }
    }

    /// The index, once every batch is in.
    func finish() async throws -> VectorIndex {
        try await encoding?.value
        return index
    }
}

extension VectorIndex {
    /// Adds `records` in one call (the index's fast path for many rows).
    func add(_ records: [EmbeddingRecord]) throws {
        var vectors: [Float] = []
        vectors.reserveCapacity(records.count * dimension)
        for record in records { vectors.append(contentsOf: record.embedding) }
        try add(ids: records.map(\.faceID), vectors: vectors)
    }
}
