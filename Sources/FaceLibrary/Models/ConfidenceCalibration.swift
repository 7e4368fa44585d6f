/// The fixed, monotone mapping from a model's cosine similarity to the API's
/// 0–100 confidence, and the confidence thresholds reported with searches.
///
/// Both come from the model's manifest, where `models/calibration/` documents
/// how they were measured: confidence 75/80/85/90 sit at the cosines where
/// the measured impostor distribution's false-accept rate is 1e-3…1e-6.
public struct ConfidenceCalibration: Sendable, Decodable, Equatable {
    /// (cosine, confidence) points, both strictly increasing; linear between them.
    public let confidenceKnots: [[Double]]
    public let thresholds: ThresholdTable

    /// Confidence thresholds by false-accept rate, for small and large libraries.
    public struct ThresholdTable: Sendable, Decodable, Equatable {
        /// Libraries with at most this many faces use `small`.
        public let smallLibraryMaxFaces: Int
        public let small: [String: Double]
        public let large: [String: Double]

        enum CodingKeys: String, CodingKey {
            case smallLibraryMaxFaces = "small_library_max_faces"
            case small, large
        }
    }

    enum CodingKeys: String, CodingKey {
        case confidenceKnots = "confidence_knots"
        case thresholds
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        confidenceKnots = try container.decode([[Double]].self, forKey: .confidenceKnots)
        thresholds = try container.decode(ThresholdTable.self, forKey: .thresholds)
        guard Self.isMonotone(confidenceKnots) else {
            throw DecodingError.dataCorruptedError(
                forKey: .confidenceKnots, in: container,
                debugDescription: "knots must be at least two (cosine, confidence) pairs, both strictly increasing")
        }
    }

    /// The confidence (0–100) of a cosine similarity.
    public func confidence(cosine: Double) -> Double {
        guard let first = confidenceKnots.first, let last = confidenceKnots.last else { return 0 }
        if cosine <= first[0] { return first[1] }
        if cosine >= last[0] { return last[1] }
        let upper = confidenceKnots.firstIndex { $0[0] >= cosine } ?? confidenceKnots.count - 1
        let (a, b) = (confidenceKnots[upper - 1], confidenceKnots[upper])
        return a[1] + (cosine - a[0]) / (b[0] - a[0]) * (b[1] - a[1])
    }

    /// The thresholds for a library holding `faceCount` faces, keyed "1e-3"…"1e-6".
    public func thresholds(forLibraryOf faceCount: Int) -> [String: Double] {
        faceCount <= thresholds.smallLibraryMaxFaces ? thresholds.small : thresholds.large
    }

    private static func isMonotone(_ knots: [[Double]]) -> Bool {
        knots.count >= 2 && knots.allSatisfy { $0.count == 2 }
            && zip(knots, knots.dropFirst()).allSatisfy { $0[0] < $1[0] && $0[1] < $1[1] }
    }
}
