import Foundation
import ImageDecoding
import FaceVision
import Inference

/// One request on one thread versus on both cores, and two requests at once
/// each way: what `FacePipeline.Configuration.threadsPerAnalysis` trades.
enum ThreadingPolicy {
    static func compare(models: String, image: RGBImage, chip: RGBImage) throws {
        print("\nThreading, \(image.width)×\(image.height) largest-face detect and one-chip embed (wall time)")
        for workers in [1, 2] {
            let detector = try FaceDetector(modelDirectory: models, parallelism: Parallelism(workers: workers))
            let recognizer = try FaceRecognizer(modelDirectory: models, parallelism: Parallelism(workers: workers))
            let detect = Timing.median(runs: 7) { _ = detector.detectLargest(in: image) }
            let embed = Timing.median(runs: 20) { _ = try! recognizer.embed(chip: chip) }
            // Two requests at once: the service's steady state under load.
            let pair = Timing.median(runs: 5) {
                DispatchQueue.concurrentPerform(iterations: 2) { _ in
                    _ = detector.detectLargest(in: image)
                    _ = try! recognizer.embed(chip: chip)
                }
            }
            print("  \(workers) worker(s) per request: detect \(Timing.format(detect))   embed \(Timing.format(embed))"
                  + "   two requests at once \(Timing.format(pair)) (\(Timing.format(pair / 2)) per request)")
        }
    }
}
