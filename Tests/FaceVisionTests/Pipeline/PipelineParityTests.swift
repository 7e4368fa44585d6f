import FaceVision
import Foundation
import ImageDecoding
import Testing

/// The assembled pipeline against dlib's (`dlib-oracle detect`, upsample 0)
/// on every test photo: the same faces, landmarks and embeddings.
@Suite struct PipelineParityTests {
    static let photos = InferenceFixtures.photosWithFaces
        + ["mask_black.jpg", "mask_blue.jpg", "mask_green.jpg", "mask_white.jpg", "chelsea.png", "coffee.png"]

    /// At dlib's own resolution the pipeline must agree with dlib to the letter
    /// of the parity criteria: IoU ≥ 0.5, landmarks within 2 px, cosine ≥ 0.995.
    /// (Only photos the default policy rescales; the others are the same run.)
    @Test(arguments: photos.filter { AnalysisCache.isRescaledByDefault($0) })
    func nativeResolutionMatchesDlib(_ name: String) throws {
        try compare(name, faces: AnalysisCache.faces(name, native: true), landmarkTolerance: { _ in 2 })
    }

    /// With the default working resolution (photos over 1.2 MP are searched
    /// scaled down), boxes move by up to 1/scale px, so landmarks may move by
    /// a little more than 2 px on large faces: allowed 1.5% of the face width.
    @Test(arguments: photos)
    func defaultResolutionMatchesDlib(_ name: String) throws {
        try compare(name, faces: AnalysisCache.faces(name), landmarkTolerance: { max(2, 0.015 * Double($0)) })
    }

    private func compare(_ name: String, faces: [AnalyzedFace], landmarkTolerance: (Int) -> Double) throws {
        let expected = try CachedDlibOracle.detect(InferenceFixtures.photoPath(name))
        #expect(faces.count == expected.count, "\(name): ours \(faces.map(\.box)), dlib \(expected.map(\.box))")
        #expect(zip(faces, faces.dropFirst()).allSatisfy { $0.box.area >= $1.box.area })
        for reference in expected {
            let box = PixelRect(left: Int(reference.box[0]), top: Int(reference.box[1]),
                                width: Int(reference.box[2]), height: Int(reference.box[3]))
            let match = try #require(faces.max { $0.box.intersectionOverUnion(box) < $1.box.intersectionOverUnion(box) })
            #expect(match.box.intersectionOverUnion(box) >= 0.5, "\(name): ours \(match.box), dlib \(box)")
            let tolerance = landmarkTolerance(box.width)
            for (ours, theirs) in zip(match.landmarks.points, reference.landmarks) {
                let distance = ((ours.x - theirs[0]) * (ours.x - theirs[0]) + (ours.y - theirs[1]) * (ours.y - theirs[1])).squareRoot()
                #expect(distance <= tolerance, "\(name): landmark \(ours) vs dlib \(theirs)")
            }
            let cosine = InferenceFixtures.cosine(match.embedding, reference.embedding)
            #expect(cosine >= 0.995, "\(name): cosine \(cosine)")
        }
    }
}
