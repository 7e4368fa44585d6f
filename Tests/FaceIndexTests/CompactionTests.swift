import FaceIndex
import Testing

/// Removing most rows and compacting frees their memory and keeps answers exact.
@Suite struct CompactionTests {
    @Test func compactionFreesRemovedRowsAndKeepsResultsExact() throws {
        var rng = SeededGenerator(seed: 31)
        let reference = ReferenceIndex()
        let index = try VectorIndex(dimension: 128)
        let n: Int64 = 98_304 // 24 chunks: region granularity (2 MiB) stays small next to the data
        var vectors: [Float] = []
        for id in 0..<n {
            let v = TestVectors.unit(128, using: &rng)
            vectors += v
            reference.add(id: id, vector: v)
        }
        try index.add(ids: Array(0..<n), vectors: vectors)
        let before = index.memoryBytes
        for id in 0..<n where id % 5 < 3 {
            #expect(index.remove(id: id))
            reference.remove(id: id)
        }
        index.compact()
        #expect(index.count == (0..<n).filter { $0 % 5 >= 3 }.count)
        #expect(index.memoryBytes < before * 3 / 4, "\(index.memoryBytes) of \(before) bytes")
        #expect(!index.contains(id: 0) && index.contains(id: 3) && index.contains(id: (0..<n).last { $0 % 5 >= 3 }!))
        for _ in 0..<8 {
            let query = TestVectors.unit(128, using: &rng)
            let hits = reference.ranked(try index.search(query: query, k: 100))
            expectRanking(hits, matches: reference.top(query, k: 100), allScores: reference.scores(query), tie: 1e-12)
        }
        // Rows moved by compaction can still be removed and re-added.
        #expect(index.remove(id: 3))
        try index.add(id: 3, vector: reference.vector(4)!)
        #expect(index.contains(id: 3))
    }
}
