/// Supplies the exact float vectors of stored ids, so a search can order the
/// few candidates whose compact codes cannot separate them.
///
/// The index keeps 16-bit codes, not the vectors, and asks at most once per
/// query, for a handful of ids (typically those whose scores lie within
/// ~1e-4 of a neighbour's). The service implements it by reading the stored
/// embedding BLOBs; a vector that does not match the stored code (or `nil`)
/// is ignored and the code's estimate is used instead.
public protocol ExactVectorProvider: Sendable {
    /// Returns the vector stored under each id, in order, or `nil` where unknown.
    func exactVectors(for ids: [Int64]) -> [[Float]?]
}
