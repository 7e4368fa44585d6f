import Foundation
import Testing
@testable import FaceVision

/// The detector against dlib's `cnn_face_detection_model_v1` at upsample 0.
@Suite struct FaceDetectorTests {
    static let detector = Result { try FaceDetector(modelDirectory: InferenceFixtures.modelDirectory) }
    static let photos = ["obama.jpg", "obama2.jpg", "obama3.jpg", "obama_partial_face.jpg", "obama_partial_face2.jpg",
                         "biden.jpg", "32bit.png", "t1.jpg", "astronaut.png", "Tom_Hanks_54745.png",
                         "mask_black.jpg", "mask_blue.jpg", "mask_green.jpg", "mask_white.jpg",
                         "chelsea.png", "coffee.png"]

    static func iou(_ a: Detection, _ b: [Double]) -> Double {
        let left = max(a.left, b[0]), top = max(a.top, b[1])
        let right = min(a.left + a.width, b[0] + b[2]), bottom = min(a.top + a.height, b[1] + b[3])
        let inner = max(0, right - left) * max(0, bottom - top)
        return inner / (a.area + b[2] * b[3] - inner)
    }

    @Test(arguments: photos)
    func findsTheFacesDlibFinds(photo: String) throws {
        let detector = try Self.detector.get()
        let expected = try CachedDlibOracle.detect(InferenceFixtures.photoPath(photo))
        let found = detector.detect(in: try InferenceFixtures.photo(photo))
        #expect(found.count == expected.count, "dlib \(expected.map(\.box)), ours \(found)")
        for face in expected {
            let match = try #require(found.max { Self.iou($0, face.box) < Self.iou($1, face.box) })
            #expect(Self.iou(match, face.box) >= 0.5, "dlib \(face.box), ours \(match)")
            // Measured: identical boxes, scores within 1e-5 of dlib's.
            let edges = [match.left, match.top, match.width, match.height]
            #expect(zip(edges, face.box).allSatisfy { abs($0 - $1) <= 1 }, "dlib \(face.box), ours \(match)")
            #expect(abs(match.confidence - face.confidence) < 1e-3, "dlib \(face.confidence), ours \(match.confidence)")
        }
        #expect(zip(found, found.dropFirst()).allSatisfy { $0.area >= $1.area })
    }
}
