import CFaceKernels

/// Stages 2 and 3 of a search, for one query's coarse candidates.
///
/// Stage 2 rescores each candidate from its full 16-bit code (bound ≈ ‖q‖·3e-5
/// for unit vectors) and keeps those that can still reach the top k. Stage 3
/// asks the exact-vector provider, once, for every finalist whose interval
/// overlaps another finalist's: afterwards any two finalists are either
/// separated by their bounds or both exact, so sorting by score gives the
/// exact top k in exact order. Without a provider, order and membership are
/// exact except between rows whose scores lie within their bounds.
struct FineRanking: Sendable {
    let snapshot: IndexSnapshot
    let provider: (any ExactVectorProvider)?

    struct Outcome: Sendable {
        var hits: [Hit]
        var exactLookups: Int
    }

    func rank(_ query: PreparedQuery, coarse: [Candidate]) -> Outcome {
        var fine = CandidateCollector(k: query.k)
        for var candidate in coarse {
            if candidate.chunk != Candidate.staging {
                let chunk = snapshot.chunks[Int(candidate.chunk)]
                (candidate.estimate, candidate.bound) = query.fineScore(chunk: chunk, row: Int(candidate.row))
            }
            fine.offer(candidate)
        }
        var finalists = fine.finished()
        let lookups = resolveOverlaps(&finalists, query: query)
        let ranked = finalists
            .map { (id: id(of: $0), score: $0.estimate) }
            .sorted { $0.score != $1.score ? $0.score > $1.score : $0.id < $1.id }
        return Outcome(hits: ranked.prefix(query.k).map { Hit(id: $0.id, score: Float($0.score)) },
                       exactLookups: lookups)
    }

    private func id(of candidate: Candidate) -> Int64 {
        candidate.chunk == Candidate.staging
            ? snapshot.staging.ids[Int(candidate.row)]
            : snapshot.chunks[Int(candidate.chunk)].ids[Int(candidate.row)]
    }

    /// Replaces the estimates of inexact, overlapping finalists by exact scores.
    /// Returns how many vectors were requested.
    private func resolveOverlaps(_ finalists: inout [Candidate], query: PreparedQuery) -> Int {
        guard let provider else { return 0 }
        let needed = Self.overlapping(finalists).filter { !finalists[$0].isExact }
        guard !needed.isEmpty else { return 0 }
        let vectors = provider.exactVectors(for: needed.map { id(of: finalists[$0]) })
        for (index, vector) in zip(needed, vectors) {
            guard let vector, vector.count == snapshot.dimension else { continue }
            let exact = Self.exactScore(query.vector, vector)
            let candidate = finalists[index]
            // A vector that contradicts the stored code is not the indexed one: keep the estimate.
            guard abs(exact - candidate.estimate) <= candidate.bound * (1 + 1e-9) + 1e-12 else { continue }
            finalists[index].estimate = exact
            finalists[index].bound = 0
        }
        return needed.count
    }

    /// Indices of candidates whose [lower, upper] intersects another's.
    static func overlapping(_ candidates: [Candidate]) -> [Int] {
        let order = candidates.indices.sorted { candidates[$0].lower < candidates[$1].lower }
        var result: [Int] = []
        var highestUpper = -Double.infinity
        for (position, index) in order.enumerated() {
            let candidate = candidates[index]
            let overlapsEarlier = candidate.lower <= highestUpper
            let overlapsLater = position + 1 < order.count && candidates[order[position + 1]].lower <= candidate.upper
            if overlapsEarlier || overlapsLater { result.append(index) }
            highestUpper = Swift.max(highestUpper, candidate.upper)
        }
        return result
    }

    /// Σ q·x in double: the score every exact comparison uses.
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
