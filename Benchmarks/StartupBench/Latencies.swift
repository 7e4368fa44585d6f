/// Timings of repeated runs of one step, in milliseconds.
struct Latencies {
    private(set) var milliseconds: [Double] = []

    /// Times `runs` sequential calls of `body`.
    static func measure(isolation: isolated (any Actor)? = #isolation, runs: Int,
                        _ body: () async throws -> Void) async rethrows -> Latencies {
        var latencies = Latencies()
        for _ in 0..<runs {
            let start = ContinuousClock.now
            try await body()
            latencies.milliseconds.append(seconds(since: start) * 1000)
        }
        return latencies
    }

    /// The value below which a fraction `p` of the runs fall (nearest rank).
    func percentile(_ p: Double) -> Double {
        let sorted = milliseconds.sorted()
        guard !sorted.isEmpty else { return 0 }
        return sorted[min(sorted.count - 1, max(0, Int((Double(sorted.count) * p).rounded(.up)) - 1))]
    }
}
