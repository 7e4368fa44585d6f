import FaceTestSupport
import Testing
@testable import FaceLibrary

/// The one rule every stored embedding keeps: finite values, unit length.
@Suite struct EmbeddingRuleTests {
    /// A unit vector of 128 components, and what the outside tester imported.
    static let unit = (0..<128).map { Float($0 % 7 - 3) }.normalisedToUnitLength()
    static let damaged: [(String, [Float], EmbeddingProblem)] = [
        ("×10", unit.map { $0 * 10 }, .notUnitLength(10)),
        ("all zero", [Float](repeating: 0, count: 128), .notUnitLength(0)),
        ("±3e38", (0..<128).map { Float($0 % 2 == 0 ? 3e38 : -3e38) }, .notUnitLength(3e38 * 128.0.squareRoot())),
        ("NaN", [.nan] + unit.dropFirst(), .nonFinite),
        ("infinity", unit.dropLast() + [-.infinity], .nonFinite),
    ]

    @Test func unitVectorsPassAndDamagedOnesAreNamed() throws {
        #expect(EmbeddingRule.problem(Self.unit) == nil)
        // Rounding of another careful normaliser is within the tolerance; 1e-3 off is not.
        #expect(EmbeddingRule.problem(Self.unit.map { $0 * (1 + 5e-5) }) == nil)
        #expect(EmbeddingRule.problem(Self.unit.map { $0 * (1 - 1e-3) }) != nil)
        for (name, embedding, expected) in Self.damaged {
            let problem = EmbeddingRule.problem(embedding)
            switch (problem, expected) {
            case (.notUnitLength(let length), .notUnitLength(let want)):
                #expect(abs(length - want) <= want * 1e-6, "\(name): \(length)")
            default:
                #expect(problem == expected, "\(name)")
            }
        }
        #expect(EmbeddingProblem.notUnitLength(10).description == "has length 10, not 1 (±0.0001)")
    }

    /// `add` refuses to store what the model might hand it in a degenerate case.
    @Test func addRefusesAnEmbeddingThatBreaksTheRule() async throws {
        try await ServiceHarness.with(.sqlite) { harness in
            try harness.services.faces.storable(Self.unit)
            for (name, embedding, _) in Self.damaged {
                #expect(throws: EmbeddingProblem.self, "\(name)") { try harness.services.faces.storable(embedding) }
            }
        }
    }
}

extension Array where Element == Float {
    fileprivate func normalisedToUnitLength() -> [Float] {
        let length = reduce(0) { $0 + $1 * $1 }.squareRoot()
        return map { $0 / length }
    }
}
