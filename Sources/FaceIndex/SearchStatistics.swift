/// Running totals of the work searches did, for metrics and benchmarks.
public struct SearchStatistics: Sendable, Equatable {
    /// Queries answered.
    public var searches = 0
    /// Passes over the index (a batch answers several queries in one pass).
    public var batches = 0
    /// Rows that survived the coarse scan (summed over queries).
    public var coarseCandidates = 0
    /// Rows handed back for exact rescoring (summed over queries): k plus near-ties.
    public var shortlisted = 0
    /// Shortlists cut at `Shortlist.maxNearTies` near-ties (see `Shortlist.isComplete`).
    public var incompleteShortlists = 0

    /// Creates zeroed totals.
    public init() {}
}
