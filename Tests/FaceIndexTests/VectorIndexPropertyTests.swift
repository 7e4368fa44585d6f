import FaceIndex
import Testing

/// Random interleavings of adds, removes, compactions and searches, checked
/// after every search against brute force in double (seeded, reproducible).
@Suite struct VectorIndexPropertyTests {
    enum Data: CaseIterable { case sphere, faceLike }

    @Test(arguments: [(UInt64(1), Data.sphere), (2, .faceLike), (3, .sphere), (4, .faceLike)])
    func interleavedOperationsMatchBruteForce(seed: UInt64, data: Data) throws {
        var rng = SeededGenerator(seed: seed)
        let dimension = 128
        let reference = ReferenceIndex()
        let index = try VectorIndex(dimension: dimension)
        let faces = TestVectors.FaceLike(dimension: dimension, identities: 300, using: &rng)
        func sample() -> [Float] {
            data == .sphere ? TestVectors.unit(dimension, using: &rng)
                            : faces.sample(identity: Int.random(in: 0..<300, using: &rng), using: &rng)
        }
        var nextID: Int64 = 1
        var live: [Int64] = []
        var searches = 0
        for _ in 0..<160 {
            switch Int.random(in: 0..<100, using: &rng) {
            case 0..<20: // a bulk add, sometimes with a duplicated vector (exact ties)
                let n = Int.random(in: 1...2500, using: &rng)
                var vectors: [Float] = []
                var ids: [Int64] = []
                for _ in 0..<n {
                    let v = live.isEmpty || Int.random(in: 0..<50, using: &rng) > 0
                        ? sample() : reference.vector(live.randomElement(using: &rng)!)!
                    ids.append(nextID)
                    vectors += v
                    reference.add(id: nextID, vector: v)
                    nextID += 1
                }
                try index.add(ids: ids, vectors: vectors)
                live += ids
            case 20..<45:
                let v = sample()
                try index.add(id: nextID, vector: v)
                reference.add(id: nextID, vector: v)
                live.append(nextID)
                nextID += 1
            case 45..<70 where !live.isEmpty: // remove a run of live ids (clustered deletes make sparse chunks)
                let start = Int.random(in: 0..<live.count, using: &rng)
                let run = live[start..<min(live.count, start + Int.random(in: 1...600, using: &rng))]
                for id in run {
                    #expect(index.remove(id: id))
                    reference.remove(id: id)
                }
                live.removeSubrange(start..<start + run.count)
                #expect(!index.remove(id: run.first!))
            case 70..<73:
                index.compact()
            default:
                let k = [1, 10, 100, Int.random(in: 1...150, using: &rng)].randomElement(using: &rng)!
                let query = Bool.random(using: &rng) || live.isEmpty ? sample() : reference.vector(live.randomElement(using: &rng)!)!
                let hits = reference.ranked(try index.search(query: query, k: k))
                expectRanking(hits, matches: reference.top(query, k: k), allScores: reference.scores(query), tie: 1e-12)
                searches += 1
            }
            #expect(index.count == live.count)
        }
        #expect(searches > 20)
        for id in live.prefix(50) { #expect(index.contains(id: id)) }
    }

    /// A shortlist is the exact top k plus only the few rows the codes cannot
    /// tell from its k-th: nearly always none on spread-out data.
    @Test func shortlistsHoldTheTopKAndFewMore() throws {
        var rng = SeededGenerator(seed: 11)
        let reference = ReferenceIndex()
        let index = try VectorIndex(dimension: 128)
        var ids: [Int64] = [], vectors: [Float] = []
        for id in Int64(0)..<20_000 {
            let v = TestVectors.unit(128, using: &rng)
            ids.append(id)
            vectors += v
            reference.add(id: id, vector: v)
        }
        try index.add(ids: ids, vectors: vectors)
        for _ in 0..<10 {
            let query = TestVectors.unit(128, using: &rng)
            let shortlist = try index.search(query: query, k: 100)
            #expect(shortlist.isComplete && shortlist.k == 100)
            #expect(Set(reference.top(query, k: 100).map(\.id)).isSubset(of: shortlist.ids))
            #expect((100...100 + Shortlist.maxNearTies).contains(shortlist.ids.count))
        }
        let stats = index.statistics
        #expect(stats.incompleteShortlists == 0 && stats.shortlisted <= 10 * 104, "\(stats)")
    }

    /// Odd dimensions are zero-padded to the code width and still exact.
    @Test func paddedDimensionIsExact() throws {
        var rng = SeededGenerator(seed: 5)
        let reference = ReferenceIndex()
        let index = try VectorIndex(dimension: 37, searchThreads: 3)
        for id in Int64(0)..<9_000 {
            let v = TestVectors.unit(37, using: &rng)
            try index.add(id: id, vector: v)
            reference.add(id: id, vector: v)
        }
        for _ in 0..<10 {
            let query = TestVectors.unit(37, using: &rng)
            let hits = reference.ranked(try index.search(query: query, k: 50))
            expectRanking(hits, matches: reference.top(query, k: 50), allScores: reference.scores(query), tie: 1e-12)
        }
    }
}
