import CBLAS
import Foundation
import ImageDecoding
import FaceVision
import Inference

/// Compares OpenBLAS's own threads with the engine's row-band workers.
enum ThreadingPolicy {
    static func compare(detector: FaceDetector, image: RGBImage, recognizer: FaceRecognizer, chip: RGBImage) {
        print("\nThreading policy, \(image.width)×\(image.height) detect and one-chip embed")
        let models = CommandLine.arguments.dropFirst().first.map { $0 + "/models/s21" } ?? "models/s21"
        guard let banded = try? FaceDetector(modelDirectory: models, parallelism: .allCores),
              let bandedRecognizer = try? FaceRecognizer(modelDirectory: models, parallelism: .allCores) else { return }
        for (blasThreads, label) in [(1, "BLAS 1 thread"), (2, "BLAS 2 threads")] {
            openblas_set_num_threads(Int32(blasThreads))
            for (workers, d, r) in [(1, detector, recognizer), (2, banded, bandedRecognizer)] {
                let detect = Timing.median(runs: 5) { _ = d.detect(in: image) }
                let embed = Timing.median(runs: 20) { _ = try! r.embed(chip: chip) }
                print("  \(label), \(workers) engine worker(s): detect \(Timing.format(detect))   embed \(Timing.format(embed))")
            }
        }
        openblas_set_num_threads(1)
        // Two requests at once, each single-threaded: the server's steady state.
        let pair = Timing.median(runs: 5) {
            DispatchQueue.concurrentPerform(iterations: 2) { _ in _ = detector.detect(in: image) }
        }
        print("  two concurrent detects, 1 thread each: \(Timing.format(pair)) for both (\(Timing.format(pair / 2)) per image)")
    }
}
