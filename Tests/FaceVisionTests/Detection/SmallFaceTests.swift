import Foundation
import ImageDecoding
import Testing
@testable import FaceVision

/// Faces under the 80-px window (default minimum 40 px), found in upsampled
/// levels as dlib's `pyramid_up` + detect finds them, on composed scenes the
/// fixtures do not have (SmallFaceScenes).
@Suite struct SmallFaceTests {
    static let analyzer = AnalysisCache.standard
    static let withoutSmallFaces = Result {
        try FaceAnalyzer(modelDirectory: InferenceFixtures.modelDirectory, minFaceSize: 0, parallelism: .adaptive)
    }

    @Test(arguments: ["Tom_Hanks_54745.png", "astronaut.png", "group"])
    func pyramidUpIsDlibsPixelForPixel(_ name: String) throws {
        let path = name == "group" ? try SmallFaceScenes.group() : InferenceFixtures.photoPath(name)
        let ours = try InferenceFixtures.image(atPath: path).pyramidUp()
        let dlib = try InferenceFixtures.image(atPath: CachedDlibOracle.upsampled(path))
        #expect(ours.width == dlib.width && ours.height == dlib.height)
        let differing = zip(ours.pixels, dlib.pixels).filter { $0 != $1 }.count
        #expect(differing == 0, "\(name): \(differing) of \(ours.pixels.count) samples differ")
    }

    /// Every face dlib finds with one upsampling is found, with dlib's box,
    /// landmarks and embedding; none is found without the small-face search.
    /// Scenes: six fixture faces of 42–64 px; four video frames, faces 44–60 px.
    @Test(arguments: ["group", "video-frames"])
    func smallFacesMatchDlibUpsampled(_ scene: String) throws {
        let path = scene == "group" ? try SmallFaceScenes.group() : try SmallFaceScenes.videoFrames()
        let image = try InferenceFixtures.image(atPath: path)
        let ours = try Self.analyzer.get().analyze(image)
        let dlib = try CachedDlibOracle.detect(path, upsample: 1)
        #expect(dlib.count >= (scene == "group" ? 5 : 3), "dlib: \(dlib.map(\.box))")
        #expect(ours.count == dlib.count, "ours \(ours.map(\.box)), dlib \(dlib.map(\.box))")
        for reference in dlib {
            let box = PixelRect(left: Int(reference.box[0]), top: Int(reference.box[1]),
                                width: Int(reference.box[2]), height: Int(reference.box[3]))
            let match = try #require(ours.max { $0.box.intersectionOverUnion(box) < $1.box.intersectionOverUnion(box) })
            let edges = [match.box.left - box.left, match.box.top - box.top, match.box.right - box.right,
                         match.box.bottom - box.bottom].map(abs)
            #expect(edges.allSatisfy { $0 <= 1 }, "ours \(match.box), dlib \(box)")
            #expect(abs(match.confidence - reference.confidence) < 1e-3)
            for (point, theirs) in zip(match.landmarks.points, reference.landmarks) {
                let distance = ((point.x - theirs[0]) * (point.x - theirs[0]) + (point.y - theirs[1]) * (point.y - theirs[1])).squareRoot()
                #expect(distance <= 2, "landmark \(point) vs dlib \(theirs)")
            }
            #expect(InferenceFixtures.cosine(match.embedding, reference.embedding) >= 0.995)
        }
        #expect(try Self.withoutSmallFaces.get().detectFaces(in: image).filter { $0.box.width < 70 }.isEmpty)
    }

    /// A lone ~45-px face is the largest face, in dlib's upsampled box, and
    /// it is the same person as the full-size photo of him.
    @Test func loneSmallFaceIsTheLargestFaceAndRecognisable() throws {
        let path = try SmallFaceScenes.lone(width: 45)
        let image = try InferenceFixtures.image(atPath: path)
        let analyzer = try Self.analyzer.get()
        let small = try #require(analyzer.analyze(image, options: AnalysisOptions(selection: .largest)).first)
        let dlib = try #require(try CachedDlibOracle.detect(path, upsample: 1).first)
        #expect([small.box.left, small.box.top, small.box.width, small.box.height] == dlib.box.map { Int($0) })
        #expect(small.box.width < 70, "\(small.box)")
        let full = try #require(analyzer.analyze(try InferenceFixtures.photo("obama.jpg"),
                                                 options: AnalysisOptions(selection: .largest)).first)
        #expect(InferenceFixtures.cosine(small.embedding, full.embedding) > 0.9)
        #expect(try Self.withoutSmallFaces.get().detectLargestFace(in: image) == nil)
    }

    /// No new false positives: faceless photos and a faceless scene of
    /// small-scale textures stay faceless on both paths.
    @Test(arguments: ["chelsea.png", "coffee.png", "faceless"])
    func facelessImagesStayFaceless(_ name: String) throws {
        let path = name == "faceless" ? try SmallFaceScenes.faceless() : InferenceFixtures.photoPath(name)
        let image = try InferenceFixtures.image(atPath: path)
        let analyzer = try Self.analyzer.get()
        #expect(analyzer.detectFaces(in: image).isEmpty)
        #expect(analyzer.detectLargestFace(in: image) == nil)
    }

    /// Where a large face is found the largest-face path never scores the
    /// upsampled levels, so its answer is today's.
    @Test(arguments: ["obama.jpg", "t1.jpg", "Tom_Hanks_54745.png"])
    func largeFacesAreFoundAsWithoutTheSearch(_ name: String) throws {
        let image = try InferenceFixtures.photo(name)
        let with = try #require(try Self.analyzer.get().detectLargestFace(in: image))
        let without = try #require(try Self.withoutSmallFaces.get().detectLargestFace(in: image))
        #expect(with.box == without.box && with.confidence == without.confidence)
    }

    /// Scoring the 2× pyramid in bands (bounded memory) gives the same
    /// candidates, scores included, as one pass.
    @Test func bandsScoreAsOnePass() throws {
        let image = try InferenceFixtures.image(atPath: SmallFaceScenes.group())
        let detector = try Self.analyzer.get().detector
        let search = SmallFaceSearch(minFaceSize: 40, maxPixels: .max)
        func found(_ limit: Int) -> [String] {
            detector.upsampledCandidates(in: image, search: search, threshold: -0.5, maxCropPixels: limit)
                .map { "\($0.rect) \($0.score)" }.sorted()
        }
        let whole = found(.max)
        #expect(whole.count > 6)
        #expect(found(600_000) == whole)
    }

    @Test func upsampledLevelsFollowTheMinimumAndTheCap() {
        func plan(_ minFace: Double, _ cap: Int = .max) -> UpsampledLevels? {
            UpsampledLevels(imageWidth: 640, imageHeight: 480,
                            search: SmallFaceSearch(minFaceSize: minFace, maxPixels: cap), windowSize: 80)
        }
        // 2× pyramid of 640×480: 1282×961, 1068×800, 890×666, 741×555 (then 617×462, coarser than the image).
        #expect(plan(40).map { [$0.first, $0.count, $0.width, $0.height] } == [0, 4, 1282, 961])
        #expect(plan(48).map { [$0.first, $0.count] } == [1, 3])
        #expect(plan(70).map { [$0.first, $0.count] } == [3, 1])
        #expect(plan(80) == nil)
        #expect(plan(40, 2_000_000).map { [$0.first, $0.count] } == [1, 3])
        #expect(plan(40, 300_000) == nil)
        let up = plan(40)!
        // dlib's rect_down: p/2 − (1.25, 0.75), rounded half up.
        #expect(up.original(PixelRect(left: 100, top: 200, right: 179, bottom: 279), imageWidth: 640, imageHeight: 480)
                == PixelRect(left: 49, top: 99, right: 88, bottom: 139))
    }
}
