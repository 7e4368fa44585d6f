import FaceVision
import Foundation
import Testing

/// Identities behave as identities through the whole pipeline.
@Suite struct RecognitionSanityTests {
    static let obamaPhotos = ["obama.jpg", "obama2.jpg", "obama3.jpg", "32bit.png",
                              "obama_partial_face.jpg", "obama_partial_face2.jpg"]

    func largestFace(_ name: String) throws -> AnalyzedFace {
        try #require(try AnalysisCache.faces(name).first)
    }

    @Test func everyObamaIsCloserToEveryObamaThanToBiden() throws {
        let biden = try largestFace("biden.jpg").embedding
        let obamas = try Self.obamaPhotos.map { try largestFace($0).embedding }
        for (i, a) in obamas.enumerated() {
            for (j, b) in obamas.enumerated() where i != j {
                #expect(InferenceFixtures.cosine(a, b) > InferenceFixtures.cosine(a, biden),
                        "\(Self.obamaPhotos[i]) vs \(Self.obamaPhotos[j])")
            }
        }
    }

    /// Six separate boxes, and no two embeddings at the level of one person
    /// (≥ 0.93). dlib's own looser rule (cosine > 0.82) would merge some of
    /// these six: their pairwise cosines reach 0.90 with dlib's embeddings too.
    @Test func theSixFacesOfTheGroupPhotoAreDistinctPeople() throws {
        let faces = try AnalysisCache.faces("t1.jpg")
        #expect(faces.count == 6)
        for i in faces.indices {
            for j in faces.indices where j > i {
                #expect(faces[i].box.intersectionOverUnion(faces[j].box) == 0)
                let cosine = InferenceFixtures.cosine(faces[i].embedding, faces[j].embedding)
                #expect(cosine < 0.93, "faces \(i) and \(j): cosine \(cosine)")
            }
        }
    }

    @Test func largestOnlyIsTheFirstOfAll() throws {
        let analyzer = try AnalysisCache.standard.get()
        let all = try AnalysisCache.faces("t1.jpg")
        let largest = analyzer.analyze(try InferenceFixtures.photo("t1.jpg"), options: .init(selection: .largest))
        #expect(largest.count == 1)
        #expect(largest.first?.box == all.first?.box)
        #expect(InferenceFixtures.cosine(try #require(largest.first).embedding, try #require(all.first).embedding) > 0.9999)
    }

    @Test func aTurnedPhotoIsFoundOnlyWithMultiOrientedDetection() throws {
        let analyzer = try AnalysisCache.standard.get()
        let upright = try InferenceFixtures.photo("obama.jpg")
        let turned = upright.rotated(quarterTurnsClockwise: 1)
        #expect(analyzer.analyze(turned).isEmpty)
        let face = try #require(analyzer.analyze(turned, options: .init(multiOrientedDetection: true)).first)
        let reference = try #require(try AnalysisCache.faces("obama.jpg").first)
        #expect(face.quarterTurns == 3)
        // The upright box, turned a quarter clockwise: (x, y) → (height − 1 − y, x).
        let expected = PixelRect(left: upright.height - 1 - reference.box.bottom, top: reference.box.left,
                                 width: reference.box.height, height: reference.box.width)
        #expect(face.box.intersectionOverUnion(expected) > 0.9, "\(face.box) vs \(expected)")
        #expect(InferenceFixtures.cosine(face.embedding, reference.embedding) > 0.99)
    }
}
