// Design note: a lane is a dedicated thread that runs blocking jobs one after
// another; a `Lanes` is a fixed set of them behind one FIFO line. Async code
// hands a job over and suspends (its cooperative thread goes back to other
// tasks) until a lane has run it.
//
//   run(job) ──admit?──▶ line (FIFO, ≤ idle lanes + maxQueued) ──▶ lane 0 … lane n−1
//      │ refused: LanesError.overloaded, at once            (dedicated threads,
//      │ task cancelled while queued: dropped,               priority per Lanes,
//      ▼   CancellationError                                 optionally occupying
//   resumed with the job's result ◀──────────────────────────  a HelperPool core)
//
// Invariants:
// - A job runs at most once, on one lane, and its caller is resumed exactly
//   once: with its result, with `overloaded` (never queued), or with
//   `CancellationError` (dropped before a lane took it). A job a lane has
//   taken runs to the end; cancellation does not interrupt blocking work.
// - Lanes take jobs in the order they were admitted.
// - At most `count` jobs run at once, and at most `maxQueued` wait while every
//   lane is busy.
// - The threads are the runtime's own (never Dispatch's pool, which on Linux
//   also runs Swift's cooperative executor); they end once the `Lanes` is
//   released and its line is empty.

/// A fixed set of dedicated threads running blocking work handed over by
/// async code, first come first served, with an overload limit.
public final class Lanes: Sendable {
    /// Names the threads (`name.0`, `name.1`, …) and the lanes in diagnostics.
    public let name: String
    /// Jobs that run at once.
    public let count: Int
    /// Jobs that may wait while every lane is busy; one more is refused.
    public let maxQueued: Int
    private let line: LaneLine
    private let cores: HelperPool?

    /// Starts `count` lanes at `priority`.
    ///
    /// - Parameters:
    ///   - maxQueued: jobs that may wait for a busy lane before new ones are
    ///     refused with `LanesError.overloaded` (default: never refused).
    ///   - cores: for CPU-heavy lanes, the core budget each running job
    ///     occupies a core of (`HelperPool.occupyingCore`), so that fork-joins
    ///     elsewhere borrow only the cores left over.
    public init(name: String, count: Int, maxQueued: Int = .max, priority: ThreadPriority = .normal,
                occupying cores: HelperPool? = nil) {
        self.name = name
        self.count = max(1, count)
        self.maxQueued = max(0, maxQueued)
        self.cores = cores
        line = LaneLine(lanes: self.count, maxQueued: self.maxQueued)
        for lane in 0..<self.count {
            DedicatedThread.start(name: "\(name).\(lane)", priority: priority) { [line] in line.serve(lane: lane) }
        }
    }

    deinit {
        line.close()
    }

    /// Jobs running and jobs waiting for a lane, right now.
    public var load: (running: Int, waiting: Int) { line.load }

    /// The name of the lane the calling thread is (`name.index`), or nil when
    /// it is not a lane of any `Lanes`.
    public static var currentLane: String? {
        DedicatedThread.currentName
    }

    /// Runs `work` on a free lane (passing the lane's index, 0..<count) and
    /// returns its result.
    ///
    /// - Throws: `LanesError.overloaded` at once when `maxQueued` jobs already
    ///   wait; `CancellationError` when the task is cancelled before a lane
    ///   took the job (it then never runs); otherwise what `work` throws.
    public func run<T: Sendable>(_ work: @escaping @Sendable (_ lane: Int) throws -> T) async throws -> T {
        let ticket = LaneTicket<T>()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                guard ticket.hold(continuation) else {
                    continuation.resume(throwing: CancellationError())
                    return
                }
                let admitted = line.admit(id: ticket.id) { [cores] lane in
                    guard let continuation = ticket.start() else { return {} }
                    let result = Result {
                        try cores.map { try $0.occupyingCore { try work(lane) } } ?? work(lane)
                    }
                    return { continuation.resume(with: result) }
                }
                if !admitted, let continuation = ticket.refuse() {
                    continuation.resume(throwing: LanesError.overloaded)
                }
            }
        } onCancel: {
            if let continuation = ticket.cancel() {
                line.drop(id: ticket.id)
                continuation.resume(throwing: CancellationError())
            }
        }
    }

    /// Queues `work` without waiting for it (background jobs no request waits on).
    ///
    /// - Throws: `LanesError.overloaded` when `maxQueued` jobs already wait.
    public func submit(_ work: @escaping @Sendable (_ lane: Int) -> Void) throws(LanesError) {
        let admitted = line.admit(id: LaneLine.newJobID()) { [cores] lane in
            if let cores { cores.occupyingCore { work(lane) } } else { work(lane) }
            return {}
        }
        guard admitted else { throw .overloaded }
    }
}

/// Why `Lanes` did not run a job.
public enum LanesError: Error, Equatable, Sendable {
    /// Every lane was busy and `maxQueued` jobs were already waiting.
    case overloaded
}
