import Synchronization

/// Searching: validation, batching, and the three stages.
extension VectorIndex {
    /// The `k` stored vectors with the largest inner product with `query`,
    /// best first, ties by smaller id.
    ///
    /// With an exact-vector provider, membership and order are those of exact
    /// (double-accumulated) scores; each `score` is within its code's bound
    /// (≈ 3e-5 for unit vectors) of the exact one and exact where that bound
    /// could not decide the order. Without a provider only rows within
    /// their bounds of each other may be swapped. Reflects every add and
    /// remove acknowledged before the call. Blocks for the scan (milliseconds).
    public func search(query: [Float], k: Int) throws(VectorIndexError) -> [Hit] {
        try search(queries: [query], k: k)[0]
    }

    /// Answers several queries in shared passes over the index (see `search(query:k:)`).
    public func search(queries: [[Float]], k: Int) throws(VectorIndexError) -> [[Hit]] {
        guard (1...Self.maxK).contains(k) else { throw .invalidK(k) }
        for query in queries {
            guard query.count == dimension else { throw .dimensionMismatch(expected: dimension, actual: query.count) }
            guard query.allSatisfy(\.isFinite) else { throw .nonFiniteValue }
        }
        guard !queries.isEmpty else { return [] }
        let waiter = SearchWaiter()
        let requests = queries.map { SearchRequest(query: $0, k: k, waiter: waiter) }
        batcher.submit(requests) { run($0) }
        return requests.map(\.outcome.hits)
    }

    /// Runs one batch against the latest snapshot.
    private func run(_ batch: [SearchRequest]) {
        let snapshot = published.withLock { $0 }
        let pd = CodeChunk.paddedDimension(dimension)
        let queries = batch.map { PreparedQuery($0.query, k: $0.k, mean: snapshot.mean, paddedDimension: pd) }
        let coarse = CoarseScan(snapshot: snapshot, queries: queries, threads: searchThreads).run()
        let ranking = FineRanking(snapshot: snapshot, provider: provider)
        // Queries are ranked independently: a batch's share the scan's threads,
        // which would otherwise wait for one thread to rank them all.
        let workers = Swift.min(searchThreads, batch.count)
        let ranked = runInParallel(workers) { worker in
            (batch.count * worker / workers..<batch.count * (worker + 1) / workers).map { q in
                let candidates = coarse[q].finished()
                return (outcome: ranking.rank(queries[q], coarse: candidates), candidates: candidates.count)
            }
        }.joined()
        var work = SearchStatistics()
        for (request, result) in zip(batch, ranked) {
            request.outcome = result.outcome
            work.coarseCandidates += result.candidates
            work.exactLookups += result.outcome.exactLookups
        }
        work.searches = batch.count
        work.batches = 1
        totals.withLock { totals in
            totals.searches += work.searches
            totals.batches += work.batches
            totals.coarseCandidates += work.coarseCandidates
            totals.exactLookups += work.exactLookups
        }
    }
}
