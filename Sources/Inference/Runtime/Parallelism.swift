import Foundation
import Synchronization

/// How many workers a forward pass may use to split one layer's work.
///
/// Work is cut into independent chunks (ranges of output rows); each worker
/// owns a disjoint slice of the scratch buffer, so no locking is needed.
public struct Parallelism: Sendable, Hashable {
    /// Maximum number of chunks processed at once.
    public let workers: Int

    /// Creates a policy using at most `workers` threads (at least 1).
    public init(workers: Int) {
        self.workers = max(1, workers)
    }

    /// Runs the work on the calling thread only.
    public static let serial = Parallelism(workers: 1)

    /// One worker per active processor core.
    public static var allCores: Parallelism {
        Parallelism(workers: ProcessInfo.processInfo.activeProcessorCount)
    }

    /// Calls `body(chunk, worker)` for every chunk in `0..<count` on up to
    /// `min(workers, count)` workers; `worker` (0-based) tells the body which
    /// scratch slice it owns. Each worker takes the next chunk not yet taken,
    /// so a worker that the OS delays (other processes, other requests) holds
    /// up the others by one chunk at most. Returns when all are done.
    func forEachChunk(_ count: Int, _ body: (_ chunk: Int, _ worker: Int) -> Void) {
        let active = min(workers, count)
        if active <= 1 {
            for chunk in 0..<count { body(chunk, 0) }
            return
        }
        // The body runs only during this call, and its chunks touch disjoint
        // memory by contract (each worker its own scratch slice and output band),
        // so sharing it with the workers is safe although it is not `Sendable`.
        nonisolated(unsafe) let body = body
        let next = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: active) { worker in
            while true {
                let chunk = next.add(1, ordering: .relaxed).oldValue
                guard chunk < count else { return }
                body(chunk, worker)
            }
        }
    }

    /// How many chunks to cut `units` of work into for these workers: a few
    /// per worker, so that a delayed worker leaves little for the others to
    /// wait on, but no more than the units.
    func chunkCount(units: Int) -> Int {
        workers == 1 ? 1 : min(units, workers * 4)
    }
}
