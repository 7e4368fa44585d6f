/// Steps through the faces of one library read from one snapshot, a batch
/// at a time, in creation order.
///
/// Valid only inside the `withLibrarySnapshot` body that received it. Each
/// batch is read when asked for, so a large library is never held in memory
/// whole.
public struct FaceCursor: Sendable {
    private let fetch: @Sendable () async throws -> [StoredFace]?

    /// Wraps a backend's batch reader, which answers nil after the last face.
    public init(fetch: @escaping @Sendable () async throws -> [StoredFace]?) {
        self.fetch = fetch
    }

    /// The next faces (never an empty batch), or nil after the last one.
    public func nextBatch() async throws -> [StoredFace]? {
        try await fetch()
    }
}

/// A stored face together with its embedding.
public struct StoredFace: Sendable, Equatable {
    public var record: FaceRecord
    public var embedding: [Float]

    public init(record: FaceRecord, embedding: [Float]) {
        self.record = record
        self.embedding = embedding
    }
}
