import BlockingWork
import Foundation
import ImageDecoding
import FaceVision
import Inference

/// One request on one thread, on two fixed workers and adaptive (idle cores
/// lent), and two requests at once each way: what
/// `FacePipeline.Configuration.threading` trades. Each request holds a core
/// while it runs, as a scheduler lane does.
enum ThreadingPolicy {
    static func compare(models: String, image: RGBImage, chip: RGBImage) throws {
        print("\nThreading, \(image.width)×\(image.height) largest-face detect and one-chip embed (wall time)")
        let policies: [(String, Parallelism)] = [("1 worker", .serial), ("2 workers", Parallelism(workers: 2)),
                                                 ("adaptive", .adaptive)]
        for (name, parallelism) in policies {
            let detector = try FaceDetector(modelDirectory: models, parallelism: parallelism)
            let recognizer = try FaceRecognizer(modelDirectory: models, parallelism: parallelism)
            let detect = Timing.median(runs: 7) { _ = detector.detectLargest(in: image) }
            let embed = Timing.median(runs: 20) { _ = try! recognizer.embed(chip: chip) }
            // Two requests at once: the service's steady state under load.
            let pair = Timing.median(runs: 5) {
                DispatchQueue.concurrentPerform(iterations: 2) { _ in
                    HelperPool.shared.occupyingCore {
                        _ = detector.detectLargest(in: image)
                        _ = try! recognizer.embed(chip: chip)
                    }
                }
            }
            print("  \(name) per request: detect \(Timing.format(detect))   embed \(Timing.format(embed))"
                  + "   two requests at once \(Timing.format(pair)) (\(Timing.format(pair / 2)) per request)")
        }
    }
}
