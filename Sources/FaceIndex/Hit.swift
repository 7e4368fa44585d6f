/// One search result: a stored vector's id and its inner product with the query.
public struct Hit: Sendable, Hashable {
    /// The id the vector was added with.
    public let id: Int64
    /// The inner product (cosine for unit vectors), see `VectorIndex.search(query:k:)` for its precision.
    public let score: Float

    /// Creates a hit.
    public init(id: Int64, score: Float) {
        self.id = id
        self.score = score
    }
}
