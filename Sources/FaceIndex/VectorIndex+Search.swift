import Synchronization

/// Searching: validation, batching, and the two stages.
extension VectorIndex {
    /// The rows that can be among the `k` stored vectors with the largest
    /// inner product with `query`, found from the index's codes; rescore them
    /// from the stored vectors with `Shortlist.ranked(exactVectors:)` for the
    /// exact top k (best first, ties by smaller id) and its exact scores.
    ///
    /// Reflects every add and remove acknowledged before the call. Blocks for
    /// the scan (milliseconds); never calls out of the index.
    public func search(query: [Float], k: Int) throws(VectorIndexError) -> Shortlist {
        try search(queries: [query], k: k)[0]
    }

    /// Answers several queries in shared passes over the index (see `search(query:k:)`).
    public func search(queries: [[Float]], k: Int) throws(VectorIndexError) -> [Shortlist] {
        guard (1...Self.maxK).contains(k) else { throw .invalidK(k) }
        for query in queries {
            guard query.count == dimension else { throw .dimensionMismatch(expected: dimension, actual: query.count) }
            guard query.allSatisfy(\.isFinite) else { throw .nonFiniteValue }
        }
        guard !queries.isEmpty else { return [] }
        let waiter = SearchWaiter()
        let requests = queries.map { SearchRequest(query: $0, k: k, waiter: waiter) }
        batcher.submit(requests) { run($0) }
        return requests.map(\.outcome)
    }

    /// Runs one batch against the latest snapshot.
    private func run(_ batch: [SearchRequest]) {
        let snapshot = published.withLock { $0 }
        let pd = CodeChunk.paddedDimension(dimension)
        let queries = batch.map { PreparedQuery($0.query, k: $0.k, mean: snapshot.mean, paddedDimension: pd) }
        let coarse = CoarseScan(snapshot: snapshot, queries: queries, threads: searchThreads).run()
        let ranking = FineRanking(snapshot: snapshot)
        // Queries are ranked independently: a batch's share the scan's threads,
        // which would otherwise wait for one thread to rank them all.
        let workers = Swift.min(searchThreads, batch.count)
        let ranked = runInParallel(workers) { worker in
            (batch.count * worker / workers..<batch.count * (worker + 1) / workers).map { q in
                let candidates = coarse[q].finished()
                return (outcome: ranking.shortlist(queries[q], original: batch[q].query, coarse: candidates),
                        candidates: candidates.count)
            }
        }.joined()
        var work = SearchStatistics()
        for (request, result) in zip(batch, ranked) {
            request.outcome = result.outcome
            work.coarseCandidates += result.candidates
            work.shortlisted += result.outcome.ids.count
            if !result.outcome.isComplete { work.incompleteShortlists += 1 }
        }
        work.searches = batch.count
        work.batches = 1
        totals.withLock { totals in
            totals.searches += work.searches
            totals.batches += work.batches
            totals.coarseCandidates += work.coarseCandidates
            totals.shortlisted += work.shortlisted
            totals.incompleteShortlists += work.incompleteShortlists
        }
    }
}
