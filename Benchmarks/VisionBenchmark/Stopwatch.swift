import Foundation

/// Wall-clock timing of repeated runs.
enum Stopwatch {
    /// Median milliseconds of `runs` calls of `body` (after one warm-up call).
    static func median(runs: Int, _ body: () -> Void) -> Double {
        body()
        var samples = [Double]()
        for _ in 0..<runs {
            let start = DispatchTime.now().uptimeNanoseconds
            body()
            samples.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        }
        return samples.sorted()[samples.count / 2]
    }
}
