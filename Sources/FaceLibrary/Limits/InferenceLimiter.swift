import Metrics
import Foundation
import Synchronization

// Design note: an async semaphore in front of the face pipeline. CNN
// inference is CPU-bound, so running more at once than there are cores only
// lengthens every request; extra requests wait here, first come first
// served, without holding a thread. A finishing run hands its permit straight
// to the oldest waiter, so a newcomer can never overtake the queue. A waiter
// whose task is cancelled leaves the queue and throws CancellationError.
//
//   run(body) ─▶ permit free? ──yes──▶ body ─▶ release: oldest waiter resumes, else permit returns
//                     └──no──▶ queue (FIFO) ─▶ resumed with the permit ─▶ body
//
// Gauges: facesearch_inferences_in_flight (running), facesearch_inferences_waiting.

/// Bounds how many face-pipeline runs execute at once and reports them as metrics.
public final class InferenceLimiter: Sendable {
    /// Runs allowed at once.
    public let maxConcurrent: Int
    private let state = Mutex(State())
    private let runningGauge = Meter(label: "facesearch_inferences_in_flight")
    private let waitingGauge = Meter(label: "facesearch_inferences_waiting")

    private struct State {
        var running = 0
        var nextTicket: UInt64 = 0
        var waiters: [(ticket: UInt64, continuation: CheckedContinuation<Void, any Error>)] = []
    }

    /// Allows `maxConcurrent` runs at once; 0 or less allows one per active CPU core.
    public init(maxConcurrent: Int) {
        self.maxConcurrent = maxConcurrent > 0 ? maxConcurrent : ProcessInfo.processInfo.activeProcessorCount
        runningGauge.set(0)
        waitingGauge.set(0)
    }

    /// Runs currently holding a permit.
    public var running: Int { state.withLock { $0.running } }
    /// Runs waiting for a permit.
    public var waiting: Int { state.withLock { $0.waiters.count } }

    /// Runs `body` once a permit is free, waiting in line for one.
    public func run<T>(_ body: () async throws -> T) async throws -> T {
        try await acquire()
        defer { release() }
        return try await body()
    }

    private func acquire() async throws {
        let ticket: UInt64? = state.withLock { state in
            if state.running < maxConcurrent && state.waiters.isEmpty {
                state.running += 1
                return nil
            }
            state.nextTicket += 1
            return state.nextTicket
        }
        guard let ticket else { return publish() }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let cancelled = state.withLock { state in
                    if Task.isCancelled { return true }
                    state.waiters.append((ticket, continuation))
                    return false
                }
                if cancelled { continuation.resume(throwing: CancellationError()) }
                publish()
            }
        } onCancel: {
            let removed = state.withLock { state in
                state.waiters.firstIndex { $0.ticket == ticket }.map { state.waiters.remove(at: $0).continuation }
            }
            removed?.resume(throwing: CancellationError())
            publish()
        }
    }

    private func release() {
        // The permit passes to the oldest waiter (running stays the same) or is returned.
        let next = state.withLock { state in
            guard !state.waiters.isEmpty else {
                state.running -= 1
                return nil as CheckedContinuation<Void, any Error>?
            }
            return state.waiters.removeFirst().continuation
        }
        next?.resume()
        publish()
    }

    private func publish() {
        let (running, waiting) = state.withLock { ($0.running, $0.waiters.count) }
        runningGauge.set(running)
        waitingGauge.set(waiting)
    }
}
