import Foundation
import Testing
@testable import FaceLibrary
import FaceTestSupport

@Suite struct ConfidenceCalibrationTests {
    static func shipped() throws -> ConfidenceCalibration {
        try ModelManifest.load(directory: RepositoryRoot.appending("models/s21")).calibration
    }

    @Test func theShippedMappingPassesThroughItsKnotsAndIsMonotone() throws {
        let calibration = try Self.shipped()
        for knot in calibration.confidenceKnots {
            #expect(abs(calibration.confidence(cosine: knot[0]) - knot[1]) < 1e-9)
        }
        let samples = stride(from: -1.0, through: 1.0, by: 0.001).map { calibration.confidence(cosine: $0) }
        #expect(zip(samples, samples.dropFirst()).allSatisfy { $0 <= $1 })
        #expect(calibration.confidence(cosine: -1) == 0 && calibration.confidence(cosine: 1) == 100)
        // The 1e-3 threshold (75) sits between the measured impostor and genuine means.
        #expect(calibration.confidence(cosine: 0.84) < 75 && calibration.confidence(cosine: 0.96) > 75)
    }

    @Test func interpolatesLinearlyBetweenKnots() throws {
        let calibration = try decode(#"{"confidence_knots": [[0.5, 0], [0.9, 80], [1.0, 100]], "thresholds": \#(Self.table)}"#)
        #expect(abs(calibration.confidence(cosine: 0.7) - 40) < 1e-9)
        #expect(abs(calibration.confidence(cosine: 0.95) - 90) < 1e-9)
        #expect(calibration.confidence(cosine: 0.2) == 0)
    }

    @Test func thresholdsDependOnLibrarySize() throws {
        let calibration = try Self.shipped()
        #expect(calibration.thresholds(forLibraryOf: 0) == ["1e-3": 75, "1e-4": 80, "1e-5": 85, "1e-6": 90])
        #expect(calibration.thresholds(forLibraryOf: 100_000) == ["1e-3": 75, "1e-4": 80, "1e-5": 85, "1e-6": 90])
        #expect(calibration.thresholds(forLibraryOf: 100_001) == ["1e-3": 80, "1e-4": 85, "1e-5": 90, "1e-6": 95])
    }

    @Test func knotsThatAreNotIncreasingAreRefused() {
        for knots in ["[[0.5, 0]]", "[[0.5, 0], [0.4, 10]]", "[[0.5, 10], [0.6, 10]]", "[[0.5, 0, 1], [0.6, 10]]"] {
            #expect(throws: DecodingError.self) {
                try decode(#"{"confidence_knots": \#(knots), "thresholds": \#(Self.table)}"#)
            }
        }
    }

    static let table = #"{"small_library_max_faces": 10, "small": {"1e-3": 75}, "large": {"1e-3": 80}}"#

    private func decode(_ json: String) throws -> ConfidenceCalibration {
        try JSONDecoder().decode(ConfidenceCalibration.self, from: Data(json.utf8))
    }
}
