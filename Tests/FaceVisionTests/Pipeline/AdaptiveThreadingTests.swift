import BlockingWork
import Foundation
import FaceVision
import Inference
import Testing

/// Adaptive threading (the server's default) changes how many cores an
/// analysis uses, never what it finds: the serial path's faces, bit for bit.
@Suite struct AdaptiveThreadingTests {
    static let serial = Result { try FaceAnalyzer(modelDirectory: InferenceFixtures.modelDirectory, parallelism: .serial) }

    @Test(arguments: ["t1.jpg", "obama.jpg"])
    func adaptiveAnalysisEqualsSerialExactly(_ name: String) throws {
        let faces = try Self.serial.get().analyze(try InferenceFixtures.photo(name))
        #expect(!faces.isEmpty)
        #expect(try AnalysisCache.faces(name) == faces)
    }

    @Test func twoAnalysesAtOnceEqualTheSerialOne() async throws {
        let pipeline = try FacePipeline(modelDirectory: InferenceFixtures.modelDirectory)
        #expect(pipeline.configuration.threading == .adaptive)
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: InferenceFixtures.photoPath("obama2.jpg"))))
        let expected = try Self.serial.get().analyze(try InferenceFixtures.photo("obama2.jpg"))
        let results = try await withThrowingTaskGroup(of: [AnalyzedFace].self) { group in
            for _ in 0..<2 { group.addTask { try await pipeline.analyze(imageBytes: bytes).faces } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results == [expected, expected])
    }
}
