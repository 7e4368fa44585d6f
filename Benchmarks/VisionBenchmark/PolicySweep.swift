import BlockingWork
import FaceVision
import Foundation
import ImageDecoding
import Inference

/// The evidence behind `WorkingResolution.default`: for each image and each
/// pixel budget, the faces found (against dlib's count at native resolution)
/// and the detection time, for the native pyramid alone (min_face_size 0:
/// the small-face search has its own figures in SmallFaceBench).
enum PolicySweep {
    static let budgets = [Int.max, 2_000_000, 1_200_000, 800_000, 500_000, 300_000]

    static func run(models: String, images: [String], parallelism: Parallelism) throws {
        print("\nworking-resolution sweep: faces found / detect ms at each pixel budget (min long side 640, ≤ 2× up)")
        print("  image" + String(repeating: " ", count: 29) + budgets.map { ($0 == .max ? "native" : "\($0 / 1000)k").padding(toLength: 14, withPad: " ", startingAt: 0) }.joined())
        let analyzers = try budgets.map { budget in
            try FaceAnalyzer(modelDirectory: models, workingResolution: budget == .max ? .native
                                : WorkingResolution(maxPixels: budget, minLongSide: 640, maxUpscale: 2),
                             minFaceSize: 0, parallelism: parallelism)
        }
        for path in images {
            let image = try ImageDecoder().decode([UInt8](try Data(contentsOf: URL(fileURLWithPath: path))))
            var cells = [String]()
            for analyzer in analyzers {
                var found = 0
                let ms = Stopwatch.median(runs: 1) { found = analyzer.detectFaces(in: image).count }
                cells.append("\(found) / \(Int(ms))".padding(toLength: 14, withPad: " ", startingAt: 0))
            }
            let name = URL(fileURLWithPath: path).lastPathComponent
            print("  " + "\(name) \(image.width)×\(image.height)".padding(toLength: 34, withPad: " ", startingAt: 0)
                  + cells.joined())
        }
    }
}
