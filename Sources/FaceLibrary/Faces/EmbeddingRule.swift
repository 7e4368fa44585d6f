import Foundation

/// What every stored embedding must be: finite, and a unit vector.
///
/// Faces are compared by inner product, which is their cosine only when both
/// have length 1: a copy of a face scaled ×10 would answer confidence 100 to
/// anything vaguely alike, and a zero vector matches nothing. The model's
/// output is L2-normalised, so add, import and `facectl check` all hold
/// embeddings to this one rule.
public enum EmbeddingRule {
    /// How far from 1 an embedding's length may be. A float32 vector
    /// normalised in float is within ~1e-6; the slack admits other careful
    /// normalisers, and moves a confidence by at most ~0.1 (the steepest
    /// segment of the s21 calibration is ~1,000 points per unit of cosine).
    public static let lengthTolerance = 1e-4

    /// Why `embedding` breaks the rule; nil when it is a finite unit vector.
    public static func problem(_ embedding: [Float]) -> EmbeddingProblem? {
        guard embedding.allSatisfy(\.isFinite) else { return .nonFinite }
        // In double: float32 values up to 3.4e38 square without overflow.
        let length = embedding.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
        return abs(length - 1) <= lengthTolerance ? nil : .notUnitLength(length)
    }

    /// Throws unless `embedding` is a finite unit vector.
    public static func check(_ embedding: [Float]) throws(EmbeddingProblem) {
        if let problem = problem(embedding) { throw problem }
    }
}

/// How an embedding breaks `EmbeddingRule`.
public enum EmbeddingProblem: Error, Equatable, Sendable, CustomStringConvertible {
    /// A component is NaN or infinite.
    case nonFinite
    /// The Euclidean length is this, not 1.
    case notUnitLength(Double)

    public var description: String {
        switch self {
        case .nonFinite: "holds a NaN or infinite value"
        case .notUnitLength(let length):
            "has length \(String(format: "%.6g", length)), not 1 (±\(EmbeddingRule.lengthTolerance))"
        }
    }
}
