import Dispatch
import Inference
import Synchronization

/// Runs blocking CPU work off the caller's thread with bounded concurrency
/// and a bounded waiting line.
///
/// A running job occupies a core of `cores` (`HelperPool.occupyingCore`), so
/// adaptive inference lends a job only the cores no other job is running on.
///
/// At most `maxConcurrent` jobs run at once, each on its own serial dispatch
/// queue (a "lane"). Serial queues get threads of their own; a concurrent
/// queue would borrow workers from dispatch's width-limited pool, which on
/// Linux also runs Swift's cooperative executor, so CNN work there stalls
/// every async task in the process (light HTTP requests included). Up to
/// `maxQueued` more jobs wait in FIFO order for a lane. A job beyond that is
/// refused at once with `FacePipelineError.overloaded`, so an HTTP layer can
/// answer quickly instead of piling up latency.
final class AnalysisScheduler: Sendable {
    private struct State {
        var freeLanes: [Int]
        var waiting: [CheckedContinuation<Int, any Error>] = []
    }

    let maxConcurrent: Int
    let maxQueued: Int
    private let state: Mutex<State>
    private let lanes: [DispatchQueue]
    private let cores: HelperPool

    init(maxConcurrent: Int, maxQueued: Int, cores: HelperPool = .shared) {
        self.cores = cores
        self.maxConcurrent = max(1, maxConcurrent)
        self.maxQueued = max(0, maxQueued)
        lanes = (0..<self.maxConcurrent).map { DispatchQueue(label: "FaceVision.analysis.\($0)") }
        state = Mutex(State(freeLanes: Array(lanes.indices)))
    }

    /// Jobs running and jobs waiting for a lane, right now.
    var load: (running: Int, waiting: Int) {
        state.withLock { (maxConcurrent - $0.freeLanes.count, $0.waiting.count) }
    }

    /// Runs `work` when a lane is free; throws `.overloaded` if the line is full.
    func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        let lane = try await acquire()
        defer { release(lane) }
        let cores = cores
        return try await withCheckedThrowingContinuation { continuation in
            lanes[lane].async { continuation.resume(with: Result { try cores.occupyingCore(work) }) }
        }
    }

    private func acquire() async throws -> Int {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Int, any Error>) in
            let admitted: Result<Int, any Error>? = state.withLock { state in
                if let lane = state.freeLanes.popLast() { return .success(lane) }
                guard state.waiting.count < maxQueued else { return .failure(FacePipelineError.overloaded) }
                state.waiting.append(continuation)
                return nil
            }
            if let admitted { continuation.resume(with: admitted) }
        }
    }

    /// Hands the lane to the next waiter, or frees it.
    private func release(_ lane: Int) {
        let next = state.withLock { state -> CheckedContinuation<Int, any Error>? in
            if state.waiting.isEmpty {
                state.freeLanes.append(lane)
                return nil
            }
            return state.waiting.removeFirst()
        }
        next?.resume(returning: lane)
    }
}
