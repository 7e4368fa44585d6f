import CFaceKernels

/// What a search finds from the index's compact codes alone: the rows that
/// can be in the query's exact top k, for the caller to rescore from the
/// stored vectors with `ranked(exactVectors:)`.
///
/// A code scores its row within a proven bound of the exact score (≈ 3e-5
/// for unit vectors). The shortlist holds the k best rows by estimate plus
/// every other row whose interval still reaches the k-th best lower bound,
/// so the exact top k is among them. Those near-ties are rare (none to a
/// few a query; many only when many rows nearly coincide, e.g. copies of
/// one vector), and at most `maxNearTies` are kept: a shortlist never holds
/// more than k + `maxNearTies` rows.
public struct Shortlist: Sendable {
    /// The most rows beyond k a shortlist holds.
    public static let maxNearTies = 16

    /// The number of results the search asked for.
    public let k: Int
    /// The rows to rescore, best estimate first (ties by smaller id).
    public let ids: [Int64]
    /// False when more than `maxNearTies` rows tied with the k-th within their
    /// bounds: those with the lowest estimates were left out, and each of them
    /// scores at most two bounds (≈ 6e-5) above some row that was kept.
    public let isComplete: Bool
    /// The query as searched.
    let query: [Float]

    init(k: Int, ids: [Int64], isComplete: Bool, query: [Float]) {
        self.k = k
        self.ids = ids
        self.isComplete = isComplete
        self.query = query
    }

    /// The exact top k: each shortlisted row scored from its stored vector
    /// (`exactVectors[id]`), best first, ties by smaller id.
    ///
    /// Rows without a vector of the index's dimension are left out (e.g. a
    /// face deleted since the search). Pure computation, about a microsecond
    /// per row.
    public func ranked(exactVectors: [Int64: [Float]]) -> [Hit] {
        var hits: [Hit] = []
        hits.reserveCapacity(ids.count)
        for id in ids {
            guard let vector = exactVectors[id], vector.count == query.count else { continue }
            hits.append(Hit(id: id, score: Self.exactScore(query, vector)))
        }
        hits.sort { $0.score != $1.score ? $0.score > $1.score : $0.id < $1.id }
        return Array(hits.prefix(k))
    }

    /// Σ q·x accumulated in double: the index scores its unencoded rows the same way.
    static func exactScore(_ query: [Float], _ vector: [Float]) -> Double {
        var score = 0.0
        query.withUnsafeBufferPointer { q in
            vector.withUnsafeBufferPointer { x in
                fk_dot_rows_f64(x.baseAddress!, 1, x.count, x.count, q.baseAddress!, &score)
            }
        }
        return score
    }
}
