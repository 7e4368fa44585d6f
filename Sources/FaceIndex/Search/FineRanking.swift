/// Stage 2 of a search, for one query's coarse candidates: rescores each
/// from its full 16-bit code (bound ≈ ‖q‖·3e-5 for unit vectors), keeps
/// those that can still reach the top k and hands them back as a
/// `Shortlist`. Exact scores are the caller's step: the index holds codes,
/// not vectors, and never reads storage.
struct FineRanking: Sendable {
    let snapshot: IndexSnapshot

    func shortlist(_ query: PreparedQuery, original: [Float], coarse: [Candidate]) -> Shortlist {
        var fine = CandidateCollector(k: query.k)
        for var candidate in coarse {
            if candidate.chunk != Candidate.staging {
                let chunk = snapshot.chunks[Int(candidate.chunk)]
                (candidate.estimate, candidate.bound) = query.fineScore(chunk: chunk, row: Int(candidate.row))
            }
            fine.offer(candidate)
        }
        let ranked = fine.finished()
            .map { (id: id(of: $0), estimate: $0.estimate) }
            .sorted { $0.estimate != $1.estimate ? $0.estimate > $1.estimate : $0.id < $1.id }
        let kept = query.k + Shortlist.maxNearTies
        return Shortlist(k: query.k, ids: ranked.prefix(kept).map(\.id), isComplete: ranked.count <= kept,
                         query: original)
    }

    private func id(of candidate: Candidate) -> Int64 {
        candidate.chunk == Candidate.staging
            ? snapshot.staging.ids[Int(candidate.row)]
            : snapshot.chunks[Int(candidate.chunk)].ids[Int(candidate.row)]
    }
}
