import FaceIndex
import Testing

/// Bad input gets a documented error and changes nothing.
@Suite struct VectorIndexValidationTests {
    @Test func rejectsBadDimensionsValuesIdsAndK() throws {
        #expect(throws: VectorIndexError.unsupportedDimension(0)) { try VectorIndex(dimension: 0) }
        #expect(throws: VectorIndexError.unsupportedDimension(5000)) { try VectorIndex(dimension: 5000) }
        let index = try VectorIndex(dimension: 4)
        try index.add(id: 1, vector: [1, 0, 0, 0])
        #expect(throws: VectorIndexError.dimensionMismatch(expected: 4, actual: 3)) { try index.add(id: 2, vector: [1, 0, 0]) }
        #expect(throws: VectorIndexError.nonFiniteValue) { try index.add(id: 2, vector: [.nan, 0, 0, 0]) }
        #expect(throws: VectorIndexError.nonFiniteValue) { try index.add(id: 2, vector: [.infinity, 0, 0, 0]) }
        #expect(throws: VectorIndexError.duplicateID(1)) { try index.add(id: 1, vector: [0, 1, 0, 0]) }
        // All or nothing: a duplicate inside a batch adds none of it.
        #expect(throws: VectorIndexError.duplicateID(3)) {
            try index.add(ids: [2, 3, 3], vectors: [Float](repeating: 0.5, count: 12))
        }
        #expect(throws: VectorIndexError.countMismatch(ids: 2, vectors: 1)) {
            try index.add(ids: [2, 3], vectors: [Float](repeating: 0.5, count: 4))
        }
        #expect(throws: VectorIndexError.dimensionMismatch(expected: 4, actual: 2)) {
            try index.add(ids: [2, 3], vectors: [Float](repeating: 0.5, count: 6))
        }
        #expect(index.count == 1 && !index.contains(id: 2))
        #expect(throws: VectorIndexError.invalidK(0)) { try index.search(query: [1, 0, 0, 0], k: 0) }
        #expect(throws: VectorIndexError.invalidK(VectorIndex.maxK + 1)) {
            try index.search(query: [1, 0, 0, 0], k: VectorIndex.maxK + 1)
        }
        #expect(throws: VectorIndexError.dimensionMismatch(expected: 4, actual: 5)) { try index.search(query: [1, 0, 0, 0, 0], k: 1) }
        #expect(throws: VectorIndexError.nonFiniteValue) { try index.search(query: [.nan, 0, 0, 0], k: 1) }
    }

    @Test func emptyAndTinyIndexesAnswer() throws {
        let index = try VectorIndex(dimension: 3)
        #expect(try index.search(query: [1, 0, 0], k: 5).ids.isEmpty)
        #expect(try index.search(queries: [], k: 5).isEmpty)
        let stored: [Int64: [Float]] = [10: [0, 1, 0], 11: [1, 0, 0], 9: [1, 0, 0]]
        try index.add(id: 10, vector: [0, 1, 0])
        try index.add(id: 11, vector: [1, 0, 0])
        try index.add(id: 9, vector: [1, 0, 0])
        let all = try index.search(query: [1, 0, 0], k: 5)
        #expect(all.ids == [9, 11, 10] && all.isComplete)
        #expect(all.ranked(exactVectors: stored) == [Hit(id: 9, score: 1), Hit(id: 11, score: 1), Hit(id: 10, score: 0)])
        // A row without a stored vector (deleted since the search) is left out.
        #expect(all.ranked(exactVectors: stored.filter { $0.key != 11 }).map(\.id) == [9, 10])
        #expect(index.remove(id: 9))
        #expect(!index.remove(id: 9))
        #expect(try index.search(query: [1, 0, 0], k: 1).ranked(exactVectors: stored) == [Hit(id: 11, score: 1)])
        #expect(index.memoryBytes > 0)
    }

    /// Memory follows the documented per-row formula once rows are encoded.
    @Test func memoryIsAboutTheFormula() throws {
        let index = try VectorIndex(dimension: 128)
        var rng = SeededGenerator(seed: 3)
        let n = 40_960
        index.reserveCapacity(n)
        var vectors: [Float] = []
        for _ in 0..<n { vectors += TestVectors.unit(128, using: &rng) }
        try index.add(ids: (0..<Int64(n)).map { $0 }, vectors: vectors)
        let perRow = Double(index.memoryBytes) / Double(n)
        // 272 B of codes, bounds and id, ≈ 12–24 B of id map, the staging buffer amortised.
        #expect(perRow > 272 && perRow < 272 + 24 + 60, "bytes per row \(perRow)")
    }
}
