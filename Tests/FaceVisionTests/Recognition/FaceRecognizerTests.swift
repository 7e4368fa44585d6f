import Foundation
import ImageDecoding
import Inference
import Testing
@testable import FaceVision

/// The recognizer against dlib on dlib's own aligned chips of real photos.
@Suite struct FaceRecognizerTests {
    static let recognizer = Result { try FaceRecognizer(modelDirectory: InferenceFixtures.modelDirectory) }
    static let photos = ["obama.jpg", "obama2.jpg", "biden.jpg", "t1.jpg", "astronaut.png", "32bit.png"]

    /// dlib's chips (and dlib's embeddings of them) for every face dlib finds.
    static func dlibChips(_ photo: String) throws -> [(chip: RGBImage, embedding: [Float])] {
        let path = InferenceFixtures.photoPath(photo)
        return try CachedDlibOracle.detect(path).map { face in
            let (chipPath, embedding) = try CachedDlibOracle.chip(path, box: face.box)
            return (try InferenceFixtures.image(atPath: chipPath), embedding)
        }
    }

    @Test(arguments: photos)
    func embeddingsMatchDlib(photo: String) throws {
        let recognizer = try Self.recognizer.get()
        let chips = try Self.dlibChips(photo)
        #expect(!chips.isEmpty)
        for (chip, dlibEmbedding) in chips {
            let ours = try recognizer.embed(chip: chip)
            #expect(ours.count == 128)
            // Required ≥ 0.9999; measured ≥ 1 − 2e-13 on all 11 faces.
            #expect(InferenceFixtures.cosine(ours, dlibEmbedding) >= 0.999999)
        }
    }

    @Test func batchEqualsOneByOne() throws {
        let recognizer = try Self.recognizer.get()
        let chips = try Self.dlibChips("t1.jpg").map(\.chip)
        let batch = try recognizer.embed(chips: chips)
        #expect(batch.count == chips.count)
        for (chip, batched) in zip(chips, batch) {
            let single = try recognizer.embed(chip: chip)
            #expect(zip(single, batched).allSatisfy { abs($0 - $1) < 1e-5 })
        }
    }

    @Test func obamaIsCloserToObamaThanToBiden() throws {
        let recognizer = try Self.recognizer.get()
        func embedding(_ photo: String) throws -> [Float] {
            try recognizer.embed(chip: try #require(Self.dlibChips(photo).first).chip)
        }
        let obamas = try ["obama.jpg", "obama2.jpg", "32bit.png"].map(embedding)
        let biden = try embedding("biden.jpg")
        for (i, a) in obamas.enumerated() {
            for b in obamas[(i + 1)...] {
                #expect(InferenceFixtures.cosine(a, b) > InferenceFixtures.cosine(a, biden))
                #expect(InferenceFixtures.cosine(a, b) > InferenceFixtures.cosine(b, biden))
            }
        }
    }

    @Test func refusesAChipOfTheWrongSize() throws {
        let recognizer = try Self.recognizer.get()
        let chip = RGBImage(width: 112, height: 112, pixels: [UInt8](repeating: 128, count: 112 * 112 * 3))
        #expect(throws: FaceRecognizerError.wrongChipSize(width: 112, height: 112)) {
            try recognizer.embed(chip: chip)
        }
    }
}
