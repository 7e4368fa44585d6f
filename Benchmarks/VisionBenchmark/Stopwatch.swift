import FaceVision
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
            samples.append(milliseconds(since: start))
        }
        return samples.sorted()[samples.count / 2]
    }

    /// Median milliseconds from submitting `together` analyses of `bytes` at
    /// once to each one's answer, over `runs` rounds (after one warm-up round).
    static func median(runs: Int, together: Int, pipeline: FacePipeline, bytes: [UInt8]) async -> Double {
        var samples = [Double]()
        for round in 0...runs {
            let latencies = await withTaskGroup(of: Double.self) { group in
                for _ in 0..<together {
                    group.addTask {
                        let start = DispatchTime.now().uptimeNanoseconds
                        _ = try? await pipeline.analyze(imageBytes: bytes)
                        return milliseconds(since: start)
                    }
                }
                return await group.reduce(into: [Double]()) { $0.append($1) }
            }
            if round > 0 { samples += latencies }
        }
        return samples.sorted()[samples.count / 2]
    }

    private static func milliseconds(since start: UInt64) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
    }
}
