import Foundation

/// Timing helpers for the benchmark.
enum Timing {
    /// What a measurement counts.
    enum Clock {
        /// Elapsed time: what a caller waits.
        case wall
        /// CPU time of the calling thread: steadier than wall time for
        /// single-threaded work when other processes share the cores.
        case threadCPU

        var id: clockid_t { self == .wall ? CLOCK_MONOTONIC : CLOCK_THREAD_CPUTIME_ID }
    }

    /// Milliseconds since an arbitrary origin.
    static func now(_ clock: Clock = .wall) -> Double {
        var t = timespec()
        clock_gettime(clock.id, &t)
        return Double(t.tv_sec) * 1000 + Double(t.tv_nsec) / 1e6
    }

    /// Median milliseconds of `runs` calls of `body`, after one warm-up call.
    static func median(runs: Int, clock: Clock = .wall, _ body: () -> Void) -> Double {
        body()
        var samples = [Double]()
        for _ in 0..<runs {
            let start = now(clock)
            body()
            samples.append(now(clock) - start)
        }
        return samples.sorted()[samples.count / 2]
    }

    static func format(_ ms: Double) -> String { String(format: "%8.2f ms", ms) }
}
