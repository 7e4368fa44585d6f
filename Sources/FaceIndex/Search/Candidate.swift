/// A row that may belong to a query's top k: where it is, its estimated score
/// and a proven bound on the estimate's error (0 when the score is exact).
struct Candidate: Sendable {
    /// Index into the snapshot's chunks, or `Candidate.staging`.
    let chunk: Int32
    let row: Int32
    var estimate: Double
    var bound: Double

    static let staging: Int32 = -1

    var lower: Double { estimate - bound }
    var upper: Double { estimate + bound }
}
