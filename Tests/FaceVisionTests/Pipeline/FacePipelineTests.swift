import Dispatch
import FaceVision
import Foundation
import ImageDecoding
import Synchronization
import Testing

/// The async service entry: errors for bad bytes, no face, and overload.
@Suite struct FacePipelineTests {
    static let pipeline = Result { try FacePipeline(modelDirectory: InferenceFixtures.modelDirectory) }

    func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: InferenceFixtures.photoPath(name))))
    }

    func error(_ body: () async throws -> Void) async -> FacePipelineError? {
        do {
            try await body()
            return nil
        } catch {
            return error as? FacePipelineError
        }
    }

    @Test func badBytesAreImageErrors() async throws {
        let pipeline = try Self.pipeline.get()
        let gif = Array("GIF89a".utf8) + [UInt8](repeating: 0, count: 100)
        #expect(await error { _ = try await pipeline.analyze(imageBytes: gif) } == .image(.unsupportedFormat(.gif)))
        #expect(await error { _ = try await pipeline.analyze(imageBytes: []) } == .image(.unsupportedFormat(.unknown)))
        let truncated = Array(try bytes("obama.jpg").prefix(20_000))
        let corrupt = await error { _ = try await pipeline.largestFace(imageBytes: truncated) }
        #expect(corrupt.map { if case .image(.corrupt(.jpeg, _)) = $0 { true } else { false } } == true)
        var huge = try bytes("astronaut.png")
        huge[16...19] = [0, 0, 0xEA, 0x60]  // width 60000; libpng then reports the IHDR CRC
        let refused = await error { _ = try await pipeline.analyze(imageBytes: huge) }
        #expect(refused.map { if case .image = $0 { true } else { false } } == true)
    }

    @Test func aPhotoWithoutFacesIsNoFace() async throws {
        let pipeline = try Self.pipeline.get()
        let coffee = try bytes("coffee.png")
        #expect(try await pipeline.analyze(imageBytes: coffee).faces.isEmpty)
        #expect(await error { _ = try await pipeline.largestFace(imageBytes: coffee) } == .noFace)
    }

    @Test func largestFaceOfAPortrait() async throws {
        let face = try await Self.pipeline.get().largestFace(imageBytes: try bytes("obama.jpg"))
        let dlib = try #require(try CachedDlibOracle.detect(InferenceFixtures.photoPath("obama.jpg")).first)
        #expect(InferenceFixtures.cosine(face.embedding, dlib.embedding) >= 0.995)
        #expect(abs(face.embedding.reduce(0) { $0 + $1 * $1 } - 1) < 1e-4)
    }

    @Test func aChipIsEmbeddedAsIs() async throws {
        let dlib = try #require(try CachedDlibOracle.detect(InferenceFixtures.photoPath("astronaut.png")).first)
        let chip = try CachedDlibOracle.chip(InferenceFixtures.photoPath("astronaut.png"), box: dlib.box)
        let pngBytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: chip.chipPath)))
        let embedding = try await Self.pipeline.get().embedChip(imageBytes: pngBytes)
        #expect(InferenceFixtures.cosine(embedding, chip.embedding) >= 0.9999)
        let notAChip = await error { _ = try await Self.pipeline.get().embedChip(imageBytes: try bytes("obama.jpg")) }
        #expect(notAChip == .image(.invalidSize(width: 910, height: 1137)))
    }

    /// One analysis running and one waiting fill a pipeline configured for
    /// one of each; a third is refused at once, and the other two complete.
    @Test func overflowIsRefusedQuickly() async throws {
        var configuration = FacePipeline.Configuration()
        configuration.maxConcurrentAnalyses = 1
        configuration.maxQueuedAnalyses = 1
        let pipeline = try FacePipeline(modelDirectory: InferenceFixtures.modelDirectory, configuration: configuration)
        let photo = try bytes("t1.jpg")
        let first = Task { try await pipeline.analyze(imageBytes: photo) }
        while pipeline.load.running == 0 { try await Task.sleep(for: .milliseconds(1)) }
        let second = Task { try await pipeline.analyze(imageBytes: photo) }
        while pipeline.load.waiting == 0 { try await Task.sleep(for: .milliseconds(1)) }
        let start = ContinuousClock.now
        #expect(await error { _ = try await pipeline.analyze(imageBytes: photo) } == .overloaded)
        #expect(ContinuousClock.now - start < .milliseconds(50))
        #expect(try await first.value.faces.count == 6)
        #expect(try await second.value.faces.count == 6)
        #expect(pipeline.load == (0, 0))
    }
}
