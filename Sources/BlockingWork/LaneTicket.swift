import Synchronization

/// Who resumes the caller of `Lanes.run`: the lane that runs the job, the
/// line that refuses it, or the cancellation handler that drops it; exactly
/// one of them, decided under one lock.
final class LaneTicket<T: Sendable>: Sendable {
    private enum Phase {
        /// Created; the continuation is not there yet.
        case new
        /// Cancelled before the continuation arrived: it must not be queued.
        case cancelledEarly
        /// Waiting for a lane.
        case held(CheckedContinuation<T, any Error>)
        /// Handed to whoever resumes it.
        case taken
    }

    let id = LaneLine.newJobID()
    private let phase = Mutex(Phase.new)

    /// Stores the continuation; false when the task was cancelled already
    /// (the caller resumes it with `CancellationError` and queues nothing).
    func hold(_ continuation: CheckedContinuation<T, any Error>) -> Bool {
        phase.withLock { phase in
            guard case .new = phase else { return false }
            phase = .held(continuation)
            return true
        }
    }

    /// For the lane about to run the job: nil when it was cancelled meanwhile.
    func start() -> CheckedContinuation<T, any Error>? { take() }

    /// For the caller whose job the line refused.
    func refuse() -> CheckedContinuation<T, any Error>? { take() }

    /// For the cancellation handler: the continuation to resume with
    /// `CancellationError` if no lane took the job yet.
    func cancel() -> CheckedContinuation<T, any Error>? {
        phase.withLock { phase in
            switch phase {
            case .new:
                phase = .cancelledEarly
                return nil
            case .held(let continuation):
                phase = .taken
                return continuation
            case .cancelledEarly, .taken:
                return nil
            }
        }
    }

    private func take() -> CheckedContinuation<T, any Error>? {
        phase.withLock { phase in
            guard case .held(let continuation) = phase else { return nil }
            phase = .taken
            return continuation
        }
    }
}
