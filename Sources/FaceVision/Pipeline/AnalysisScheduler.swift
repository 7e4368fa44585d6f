import Dispatch
import Synchronization

/// Runs blocking CPU work off the caller's thread with bounded concurrency
/// and a bounded waiting line.
///
/// At most `maxConcurrent` jobs run at once, on a dispatch queue (never on
/// Swift's cooperative pool, which has one thread per core and must not
/// block); up to `maxQueued` more wait in FIFO order. A job beyond that is
/// refused at once with `FacePipelineError.overloaded`, so an HTTP layer can
/// answer quickly instead of piling up latency.
final class AnalysisScheduler: Sendable {
    private struct State {
        var running = 0
        var waiting: [CheckedContinuation<Void, any Error>] = []
    }

    let maxConcurrent: Int
    let maxQueued: Int
    private let state = Mutex(State())
    private let queue = DispatchQueue(label: "FaceVision.analysis", attributes: .concurrent)

    init(maxConcurrent: Int, maxQueued: Int) {
        self.maxConcurrent = max(1, maxConcurrent)
        self.maxQueued = max(0, maxQueued)
    }

    /// Jobs running and jobs waiting for a slot, right now.
    var load: (running: Int, waiting: Int) {
        state.withLock { ($0.running, $0.waiting.count) }
    }

    /// Runs `work` when a slot is free; throws `.overloaded` if the line is full.
    func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await acquire()
        defer { release() }
        return try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try work() }) }
        }
    }

    private func acquire() async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let admitted: Result<Void, any Error>? = state.withLock { state in
                if state.running < maxConcurrent {
                    state.running += 1
                    return .success(())
                }
                guard state.waiting.count < maxQueued else { return .failure(FacePipelineError.overloaded) }
                state.waiting.append(continuation)
                return nil
            }
            if let admitted { continuation.resume(with: admitted) }
        }
    }

    /// Hands the slot to the next waiter, or frees it.
    private func release() {
        let next = state.withLock { state -> CheckedContinuation<Void, any Error>? in
            if state.waiting.isEmpty {
                state.running -= 1
                return nil
            }
            return state.waiting.removeFirst()
        }
        next?.resume()
    }
}
