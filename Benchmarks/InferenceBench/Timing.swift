import Foundation

/// Wall-clock timing helpers for the benchmark.
enum Timing {
    /// Milliseconds since an arbitrary origin.
    static func now() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec) * 1000 + Double(t.tv_nsec) / 1e6
    }

    /// Median milliseconds of `runs` calls of `body`, after one warm-up call.
    static func median(runs: Int, _ body: () -> Void) -> Double {
        body()
        var samples = [Double]()
        for _ in 0..<runs {
            let start = now()
            body()
            samples.append(now() - start)
        }
        return samples.sorted()[samples.count / 2]
    }

    static func format(_ ms: Double) -> String { String(format: "%8.2f ms", ms) }
}
