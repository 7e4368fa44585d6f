import BlockingWork

/// Runs analyses off the caller's thread with bounded concurrency and a
/// bounded waiting line: the pipeline's `Lanes`.
///
/// At most `maxConcurrent` analyses run at once, each on a lane of its own (a
/// dedicated thread at background priority, so a light request's thread gets
/// a core first), and each occupies a core of `cores` while it runs, so
/// adaptive inference and index scans borrow only the cores left over. Up to
/// `maxQueued` more wait in FIFO order; one beyond that is refused at once
/// with `FacePipelineError.overloaded`, so an HTTP layer can answer quickly
/// instead of piling up latency. A waiting analysis whose task is cancelled
/// (its client hung up) is dropped without running.
final class AnalysisScheduler: Sendable {
    let maxConcurrent: Int
    let maxQueued: Int
    private let lanes: Lanes

    init(maxConcurrent: Int, maxQueued: Int, cores: HelperPool = .shared) {
        lanes = Lanes(name: "FaceVision.analysis", count: maxConcurrent, maxQueued: maxQueued,
                      priority: .background, occupying: cores)
        self.maxConcurrent = lanes.count
        self.maxQueued = lanes.maxQueued
    }

    /// Jobs running and jobs waiting for a lane, right now.
    var load: (running: Int, waiting: Int) { lanes.load }

    /// Runs `work` when a lane is free; throws `.overloaded` if the line is full.
    func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        do {
            return try await lanes.run { _ in try work() }
        } catch LanesError.overloaded {
            throw FacePipelineError.overloaded
        }
    }
}
