import FaceIndex
import Testing

/// Face-like data is not zero-centred (unrelated vectors have cosine ≈ 0.76):
/// the centring mean must keep the bounds tight enough to prune, and results exact.
@Suite struct ClusteredDataTests {
    @Test func faceLikeTopHundredIsExactAndPrunes() throws {
        var rng = SeededGenerator(seed: 21)
        let faces = TestVectors.FaceLike(dimension: 128, identities: 2_000, using: &rng)
        let reference = ReferenceIndex()
        let index = try VectorIndex(dimension: 128)
        let n = 40_000
        var ids: [Int64] = [], vectors: [Float] = []
        for id in 0..<Int64(n) {
            let v = faces.sample(identity: Int(id) % 2_000, using: &rng)
            ids.append(id)
            vectors += v
            reference.add(id: id, vector: v)
        }
        try index.add(ids: ids, vectors: vectors)
        let queries = (0..<12).map { q in faces.sample(identity: q * 97 % 2_000, using: &rng) }
        let results = try index.search(queries: queries, k: 100).map(reference.ranked)
        for (query, hits) in zip(queries, results) {
            expectRanking(hits, matches: reference.top(query, k: 100), allScores: reference.scores(query), tie: 1e-12)
        }
        let stats = index.statistics
        #expect(stats.searches == 12)
        // Pruning: the coarse bound leaves a small fraction of the rows.
        #expect(stats.coarseCandidates < queries.count * n / 50, "coarse candidates \(stats.coarseCandidates)")
    }

    /// The same through the single-query path and on the sphere, at a chunk-crossing size.
    @Test func sphereSingleQueriesAreExact() throws {
        var rng = SeededGenerator(seed: 22)
        let reference = ReferenceIndex()
        let index = try VectorIndex(dimension: 128, searchThreads: 2)
        var ids: [Int64] = [], vectors: [Float] = []
        for id in Int64(0)..<30_000 {
            let v = TestVectors.unit(128, using: &rng)
            ids.append(id * 7)
            vectors += v
            reference.add(id: id * 7, vector: v)
        }
        try index.add(ids: ids, vectors: vectors)
        for _ in 0..<10 {
            let query = TestVectors.unit(128, using: &rng)
            let hits = reference.ranked(try index.search(query: query, k: 100))
            expectRanking(hits, matches: reference.top(query, k: 100), allScores: reference.scores(query), tie: 1e-12)
        }
        #expect(index.statistics.coarseCandidates < 10 * 30_000 / 20)
    }
}
