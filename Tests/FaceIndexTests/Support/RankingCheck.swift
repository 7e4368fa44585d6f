import FaceIndex
import Testing

/// Checks hits against the exact scores of every stored id: same length as
/// the reference top k, distinct live ids, position i holding an id whose
/// exact score equals the i-th best within `tie`, and each reported score
/// its exact score (within `scoreError`: double sums in another order).
func expectRanking(_ hits: [Hit], matches reference: [(id: Int64, score: Double)],
                   allScores: [Int64: Double], tie: Double, scoreError: Double = 1e-12,
                   sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(hits.count == reference.count, sourceLocation: sourceLocation)
    #expect(Set(hits.map(\.id)).count == hits.count, "duplicate ids", sourceLocation: sourceLocation)
    for (position, (hit, expected)) in zip(hits, reference).enumerated() {
        guard let exact = allScores[hit.id] else {
            Issue.record("hit \(hit.id) at \(position) is not stored", sourceLocation: sourceLocation)
            continue
        }
        #expect(abs(exact - expected.score) <= tie,
                "position \(position): id \(hit.id) scores \(exact), expected \(expected.id) with \(expected.score)",
                sourceLocation: sourceLocation)
        #expect(abs(hit.score - exact) <= scoreError, sourceLocation: sourceLocation)
    }
}
