/// Everything one search reads, captured under the publication lock: it
/// reflects every add and remove acknowledged before it was taken.
struct IndexSnapshot: Sendable {
    let dimension: Int
    /// The centring mean of every chunk's codes (nil while there are no chunks).
    let mean: [Float]?
    let chunks: [CodeChunk]
    let staging: StagingRows
    /// Rows of `staging` visible to this snapshot.
    let stagingCount: Int
}
