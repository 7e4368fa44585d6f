import Foundation
import ImageDecoding
import Testing
@testable import FaceVision

/// The coarse-to-fine search for the largest face gives exactly the full
/// pass's first face (same box, same score), on every test photo and on
/// rescaled copies that move the faces to other pyramid levels.
@Suite struct LargestFaceTests {
    static let scales = [1.0, 0.75, 0.5]

    @Test(arguments: FaceDetectorTests.photos)
    func coarseToFineMatchesTheFullPass(photo: String) throws {
        let detector = try FaceDetectorTests.detector.get()
        let original = try InferenceFixtures.photo(photo)
        for scale in Self.scales {
            let width = Int(Double(original.width) * scale), height = Int(Double(original.height) * scale)
            let image = scale == 1 ? original : original.resized(width: width, height: height)
            #expect(detector.detectLargest(in: image) == detector.detect(in: image).first, "\(photo) at \(scale)")
        }
    }
}

/// The pipeline's `.largest` selection, which uses the coarse-to-fine search,
/// returns the first face of the full analysis, upright and turned.
@Suite struct LargestSelectionTests {
    @Test(arguments: ["t1.jpg", "obama.jpg", "obama_partial_face.jpg"], [0, 1])
    func largestIsTheFirstOfAll(photo: String, quarterTurns: Int) throws {
        let analyzer = try AnalysisCache.standard.get()
        let image = try InferenceFixtures.photo(photo).rotated(quarterTurnsClockwise: quarterTurns)
        let all = analyzer.analyze(image, options: .init(multiOrientedDetection: true))
        let largest = analyzer.analyze(image, options: .init(selection: .largest, multiOrientedDetection: true))
        let (one, first) = (try #require(largest.first), try #require(all.first))
        #expect(largest.count == 1)
        #expect(one.box == first.box && one.confidence == first.confidence && one.landmarks == first.landmarks)
        #expect(one.quarterTurns == first.quarterTurns)
        // Embedded alone rather than in a batch: the last layer's sgemm may sum in another order.
        #expect(InferenceFixtures.cosine(one.embedding, first.embedding) > 0.999999)
    }
}
