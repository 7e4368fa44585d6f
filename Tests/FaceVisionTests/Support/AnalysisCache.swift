import BlockingWork
import FaceVision
import ImageDecoding
import Inference
import Synchronization

/// Each photo analysed once per working-resolution policy and shared by the
/// pipeline tests, which run in parallel (detection takes seconds per photo).
enum AnalysisCache {
    static let standard = Result { try FaceAnalyzer(modelDirectory: InferenceFixtures.modelDirectory,
                                                    parallelism: .adaptive) }
    static let native = Result { try FaceAnalyzer(modelDirectory: InferenceFixtures.modelDirectory,
                                                  workingResolution: .native, parallelism: .adaptive) }
    private static let results = Mutex<[String: [AnalyzedFace]]>([:])

    /// All faces of a photo, largest first.
    static func faces(_ name: String, native: Bool = false) throws -> [AnalyzedFace] {
        let key = "\(name)|\(native)"
        if let faces = results.withLock({ $0[key] }) { return faces }
        let analyzer = try (native ? Self.native : Self.standard).get()
        let faces = analyzer.analyze(try InferenceFixtures.photo(name))
        results.withLock { $0[key] = faces }
        return faces
    }

    /// Whether the default policy searches this photo at another resolution.
    static func isRescaledByDefault(_ name: String) -> Bool {
        guard let image = try? InferenceFixtures.photo(name) else { return true }
        return WorkingResolution.default.scale(width: image.width, height: image.height) != 1
    }
}
