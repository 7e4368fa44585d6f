import FaceIndex
import Testing

/// What the index hands back for exact rescoring, and the scores that come
/// out: those of the stored vectors, whatever else the index holds.
@Suite struct ShortlistTests {
    /// An index of `total` vectors (ids 0...) whose first rows are `first`,
    /// the rest face-like filler unrelated to them, and its reference.
    private func index(first: [[Float]], total: Int, using rng: inout SeededGenerator) throws
        -> (VectorIndex, ReferenceIndex) {
        let faces = TestVectors.FaceLike(dimension: 128, identities: 50, using: &rng)
        let index = try VectorIndex(dimension: 128)
        let reference = ReferenceIndex()
        var ids: [Int64] = [], vectors: [Float] = []
        for id in 0..<Int64(total) {
            let v = id < first.count ? first[Int(id)] : faces.sample(identity: Int(id) % 50, using: &rng)
            ids.append(id)
            vectors += v
            reference.add(id: id, vector: v)
        }
        try index.add(ids: ids, vectors: vectors)
        return (index, reference)
    }

    /// In a 3-row index the rows are still exact floats; in a 5,000-row one
    /// the same rows are among the first 4,096, encoded as codes. The scores
    /// must not differ by a bit.
    @Test func aPairScoresTheSameWhateverElseIsStored() throws {
        var rng = SeededGenerator(seed: 41)
        let faces = TestVectors.FaceLike(dimension: 128, identities: 3, using: &rng)
        let enrolled = (0..<3).map { faces.sample(identity: $0, using: &rng) }
        let query = faces.sample(identity: 0, using: &rng)
        let (small, smallReference) = try index(first: enrolled, total: 3, using: &rng)
        let (large, largeReference) = try index(first: enrolled, total: 5_000, using: &rng)
        let tiny = smallReference.ranked(try small.search(query: query, k: 3))
        let big = largeReference.ranked(try large.search(query: query, k: 3))
        #expect(tiny.count == 3)
        #expect(tiny == big)
        for hit in tiny { #expect(abs(hit.score - ReferenceIndex.score(query, enrolled[Int(hit.id)])) < 1e-12) }
    }

    /// Two rows far closer than the codes' bound (1e-7 apart) at the k-th
    /// place: both are shortlisted and the exact rescoring orders them, even
    /// against the id order.
    @Test func nearTiesAtTheBoundaryAreShortlistedAndSettledExactly() throws {
        var rng = SeededGenerator(seed: 42)
        let query = TestVectors.unit(128, using: &rng)
        let other = TestVectors.unit(128, using: &rng)
        // a and b: cosine 0.9 with the query, b higher by about 1e-7.
        func mix(_ t: Double) -> [Float] {
            TestVectors.normalised(zip(query, other).map { Double($0) * t + Double($1) * (1 - t) })
        }
        let a = mix(0.75), b = mix(0.75 + 3e-7)
        #expect(ReferenceIndex.score(query, b) > ReferenceIndex.score(query, a))
        #expect(ReferenceIndex.score(query, b) - ReferenceIndex.score(query, a) < 1e-6)
        let (index, reference) = try self.index(first: [a, b], total: 5_000, using: &rng)
        let shortlist = try index.search(query: query, k: 1)
        #expect(shortlist.ids.contains(0) && shortlist.ids.contains(1) && shortlist.isComplete)
        #expect(reference.ranked(shortlist).map(\.id) == [1])
        #expect(reference.ranked(try index.search(query: query, k: 2)).map(\.id) == [1, 0])
    }

    /// Thousands of copies of one vector all tie with the k-th: the shortlist
    /// stops at k + maxNearTies, and copies (equal scores) still rank by id.
    @Test func copiesCapTheShortlistAndRankByID() throws {
        var rng = SeededGenerator(seed: 43)
        let copy = TestVectors.unit(128, using: &rng)
        let (index, reference) = try self.index(first: Array(repeating: copy, count: 3_000), total: 6_000, using: &rng)
        let shortlist = try index.search(query: copy, k: 10)
        #expect(!shortlist.isComplete)
        #expect(shortlist.ids.count == 10 + Shortlist.maxNearTies)
        let hits = reference.ranked(shortlist)
        #expect(hits.map(\.id) == Array(0..<10))
        #expect(Set(hits.map(\.score)).count == 1)
        #expect(index.statistics.incompleteShortlists == 1)
    }
}
