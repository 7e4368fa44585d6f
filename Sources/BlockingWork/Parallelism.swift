import Foundation

/// How many workers a forward pass may use to split one layer's work.
///
/// Work is cut into independent chunks (ranges of output rows); each worker
/// owns a disjoint slice of the scratch buffer, so no locking is needed. The
/// chunks depend only on `workers`, never on how many workers actually run,
/// so every policy with the same `workers` gives bit-identical results.
public struct Parallelism: Sendable, Equatable {
    /// Maximum number of chunks processed at once.
    public let workers: Int
    /// Where the workers beyond the caller come from: nil when there are
    /// none (serial), a team of its own, or the pool lending idle cores.
    let pool: HelperPool?

    /// Creates a policy using at most `workers` threads (at least 1): the
    /// caller and a team of helpers of its own, not counted in any budget.
    /// For tools and benchmarks; a server uses `adaptive`.
    public init(workers: Int) {
        self.workers = max(1, workers)
        pool = self.workers > 1 ? HelperPool.team(self.workers) : nil
    }

    private init(pool: HelperPool) {
        workers = pool.cores
        self.pool = pool
    }

    /// Runs the work on the calling thread only.
    public static let serial = Parallelism(workers: 1)

    /// One worker per active processor core.
    public static var allCores: Parallelism {
        Parallelism(workers: ProcessInfo.processInfo.activeProcessorCount)
    }

    /// The calling thread plus whatever cores of the process's `HelperPool`
    /// no other caller occupies, asked for at every layer without waiting.
    public static var adaptive: Parallelism { adaptive(.shared) }

    /// The calling thread plus the idle cores of `pool`.
    public static func adaptive(_ pool: HelperPool) -> Parallelism {
        Parallelism(pool: pool)
    }

    public static func == (lhs: Parallelism, rhs: Parallelism) -> Bool {
        lhs.workers == rhs.workers && lhs.pool === rhs.pool
    }

    /// Calls `body(chunk, worker)` for every chunk in `0..<count` on up to
    /// `min(workers, count)` workers; `worker` (0-based, below `workers`) tells
    /// the body which scratch slice it owns. Each worker takes the next chunk
    /// not yet taken, so a worker that the OS delays (other processes, other
    /// requests) holds up the others by one chunk at most. Returns when all
    /// are done; the body is not called afterwards.
    public func forEachChunk(_ count: Int, _ body: @escaping (_ chunk: Int, _ worker: Int) -> Void) {
        let active = min(workers, count)
        guard active > 1, let pool else {
            for chunk in 0..<count { body(chunk, 0) }
            return
        }
        pool.forEachChunk(count, workers: active, body)
    }

    /// How many chunks to cut `units` of work into for these workers: a few
    /// per worker, so that a delayed worker leaves little for the others to
    /// wait on, but no more than the units.
    public func chunkCount(units: Int) -> Int {
        workers == 1 ? 1 : min(units, workers * 4)
    }
}
