/// Why the index refused an operation; nothing is changed when one is thrown.
public enum VectorIndexError: Error, Equatable, Sendable {
    /// The index dimension is outside 1...4096.
    case unsupportedDimension(Int)
    /// A vector or query has `actual` components instead of `expected`.
    case dimensionMismatch(expected: Int, actual: Int)
    /// A vector or query holds a NaN or an infinity.
    case nonFiniteValue
    /// The id is already in the index (ids are unique; remove first to replace).
    case duplicateID(Int64)
    /// `ids.count` and the number of vectors differ in a bulk add.
    case countMismatch(ids: Int, vectors: Int)
    /// `k` is outside 1...`VectorIndex.maxK`.
    case invalidK(Int)
}
