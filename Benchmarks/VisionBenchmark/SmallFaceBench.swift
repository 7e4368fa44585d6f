import BenchSupport
import FaceVision
import Foundation

/// The small-face search (min_face_size 40) beside dlib with one upsampling
/// (`dlib-oracle detect --upsample 1`, what face_recognition does), same run:
/// every face of a photo with small faces, as `facectl embed` finds them, and
/// the portrait's largest face (add, search) with and without the search.
enum SmallFaceBench {
    static func run(models: String, oracle: String, smallFaces: String, portrait: String, runs: Int) async throws {
        let pipelines = try [FaceAnalyzer.defaultMinFaceSize, 0].map { minFaceSize in
            var configuration = FacePipeline.Configuration()
            configuration.minFaceSize = minFaceSize
            return try FacePipeline(modelDirectory: models, configuration: configuration)
        }
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: smallFaces)))
        let found = try await pipelines[0].analyze(imageBytes: bytes).faces.count
        let without = try await pipelines[1].analyze(imageBytes: bytes).faces.count
        let dlib = try DlibReference(oracle: oracle, models: models, image: smallFaces, upsample: 1)
        print("\nSmall faces: min_face_size \(FaceAnalyzer.defaultMinFaceSize), adaptive; dlib: detect --upsample 1, one run")
        print("  \(URL(fileURLWithPath: smallFaces).lastPathComponent): ours \(found) faces "
              + "(\(without) with min_face_size 0), dlib \(dlib.faces) faces")
        let allFaces = await Stopwatch.median(runs: runs, together: 1, pipeline: pipelines[0], bytes: bytes)
        print(String(format: "  all faces, end to end     %9.1f ms   dlib %9.1f ms   %6.1f× faster", allFaces,
                     dlib.endToEnd, dlib.endToEnd / allFaces))

        // With and without alternate, so load from other processes hits both alike.
        let portraitBytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: portrait)))
        var samples: [[Double]] = [[], []]
        for round in 0...(4 * runs) {
            for (index, pipeline) in pipelines.enumerated() {
                let start = ContinuousClock.now
                _ = try await pipeline.largestFace(imageBytes: portraitBytes)
                let elapsed = ContinuousClock.now - start
                if round > 0 { samples[index].append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1e3) }
            }
        }
        let (with, plain) = (median(samples[0]), median(samples[1]))
        let dlibPortrait = try DlibReference(oracle: oracle, models: models, image: portrait, upsample: 1)
        print(String(format: "  portrait largest face     %9.1f ms with, %.1f ms without (%+.1f %%); dlib upsample 1: %.1f ms",
                     with, plain, (with / plain - 1) * 100, dlibPortrait.endToEnd))
    }

    private static func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
}
