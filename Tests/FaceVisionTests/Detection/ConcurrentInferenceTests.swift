import BlockingWork
import Dispatch
import Foundation
import ImageDecoding
import Inference
import Synchronization
import Testing
@testable import FaceVision

/// Detector and recognizer called from several threads at once give the
/// results they give alone (immutable weights, one workspace per call).
@Suite struct ConcurrentInferenceTests {
    @Test func concurrentCallsMatchSequentialOnes() throws {
        let detector = try FaceDetector(modelDirectory: InferenceFixtures.modelDirectory, parallelism: .allCores)
        let recognizer = try FaceRecognizer(modelDirectory: InferenceFixtures.modelDirectory)
        let images = try ["astronaut.png", "Tom_Hanks_54745.png", "obama2.jpg", "chelsea.png"].map(InferenceFixtures.photo)
        let expected = images.map { detector.detect(in: $0) }
        // Any 150×150 pixels will do to compare embeddings; Tom Hanks (112 px) is enlarged.
        let chips = images.map { image in
            image.width >= 150 && image.height >= 150
                ? InferenceFixtures.centreCrop(image, side: FaceRecognizer.chipSize)
                : InferenceFixtures.centreCrop(InferenceFixtures.doubled(image), side: FaceRecognizer.chipSize)
        }
        let expectedEmbeddings = try chips.map { try recognizer.embed(chip: $0) }

        let results = Mutex<[Int: ([Detection], [Float])]>([:])
        DispatchQueue.concurrentPerform(iterations: 8) { index in
            let i = index % images.count
            let detections = detector.detect(in: images[i])
            let embedding = (try? recognizer.embed(chip: chips[i])) ?? []
            results.withLock { $0[index] = (detections, embedding) }
        }
        let all = results.withLock { $0 }
        #expect(all.count == 8)
        for (index, (detections, embedding)) in all {
            #expect(detections == expected[index % images.count])
            #expect(embedding == expectedEmbeddings[index % images.count])
        }
        #expect(expected.map(\.count) == [1, 1, 1, 0])
    }

    @Test func aLowerThresholdFindsAtLeastAsMuch() throws {
        let detector = try FaceDetector(modelDirectory: InferenceFixtures.modelDirectory)
        let image = try InferenceFixtures.photo("t1.jpg")
        let strict = detector.detect(in: image), loose = detector.detect(in: image, adjustThreshold: -0.5)
        #expect(loose.count >= strict.count)
        #expect(loose.allSatisfy { $0.confidence > -0.5 } && strict.allSatisfy { $0.confidence > 0 })
    }

    @Test func imagesTooSmallForTheNetworkFindNothing() throws {
        let detector = try FaceDetector(modelDirectory: InferenceFixtures.modelDirectory)
        for side in [1, 4, 20, 40] {
            let image = RGBImage(width: side, height: side, pixels: [UInt8](repeating: 90, count: side * side * 3))
            #expect(detector.detect(in: image).isEmpty)
        }
    }
}
