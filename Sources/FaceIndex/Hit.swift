/// One search result: a stored vector's id and its exact inner product with the query.
public struct Hit: Sendable, Hashable {
    /// The id the vector was added with.
    public let id: Int64
    /// The inner product (cosine for unit vectors) of the query and the
    /// stored vector, accumulated in double: the same for a pair whatever else
    /// the index holds.
    public let score: Double

    /// Creates a hit.
    public init(id: Int64, score: Double) {
        self.id = id
        self.score = score
    }
}
