import Foundation
import Synchronization

/// Helper threads that lend CPU-heavy work the cores no one else is using:
/// the process's one account of busy cores.
///
/// The pool shares out `cores` cores. A caller that runs CPU-heavy work (an
/// analysis, an index scan, an index load, a large decode: each on its lane)
/// occupies one for as long as it runs (`occupyingCore`; `Lanes` created
/// `occupying` the pool do it for every job); the others are idle. A
/// fork-join (`forEachChunk`, `map`, `Parallelism.adaptive`) borrows as many
/// parked helpers as there are idle cores, without waiting for any, and runs
/// chunks on its own thread too. A lent helper asks before each chunk whether
/// its core is still idle and gives it back as soon as another caller has
/// occupied it. So a convolution or a scan alone uses every core, and jobs
/// running side by side keep one core each: the cores are oversubscribed for
/// one chunk at most, whichever kinds of work share them.
///
/// The helpers are dedicated threads at background priority, not Dispatch's
/// worker pool: on Linux that width-limited pool also runs Swift's
/// cooperative executor, so CPU work there stalls every async task in the
/// process. They live as long as the pool (the shared one: the process) and
/// sleep while parked.
public final class HelperPool: Sendable {
    /// The process's pool: one core per active processor.
    public static let shared = HelperPool(cores: ProcessInfo.processInfo.activeProcessorCount)

    /// Cores shared out; the pool has one helper fewer (the caller is the other).
    public let cores: Int
    private let wakeUps: [ThreadSemaphore]
    private let state: Mutex<State>

    private struct State {
        /// Callers holding a core.
        var occupied = 0
        /// Helpers lent to a job.
        var lent = 0
        /// Helpers waiting for a job.
        var parked: [Int]
        /// The job handed to each helper, taken when it wakes.
        var assigned: [ChunkJob?]
    }

    /// Creates a pool sharing `cores` cores with `cores − 1` helper threads,
    /// which live as long as the process.
    public init(cores: Int, name: String = "BlockingWork.helper", priority: ThreadPriority = .background) {
        self.cores = max(1, cores)
        let helpers = self.cores - 1
        wakeUps = (0..<helpers).map { _ in ThreadSemaphore() }
        state = Mutex(State(parked: Array(0..<helpers), assigned: Array(repeating: nil, count: helpers)))
        for index in 0..<helpers {
            DedicatedThread.start(name: "\(name).\(index)", priority: priority) { [self] in serve(as: index) }
        }
    }

    /// A pool of its own for `workers` workers, made once per size: where
    /// `Parallelism(workers:)` (tools and benchmarks) finds its team, at the
    /// caller's priority so that its helpers are timed like the caller.
    static func team(_ workers: Int) -> HelperPool {
        teams.withLock { teams in
            if let team = teams[workers] { return team }
            let team = HelperPool(cores: workers, name: "BlockingWork.team\(workers)", priority: .normal)
            teams[workers] = team
            return team
        }
    }

    private static let teams = Mutex<[Int: HelperPool]>([:])

    /// Runs `work`, counting the calling thread as holding a core meanwhile,
    /// so helpers are lent only to the cores left over.
    public func occupyingCore<T, E: Error>(_ work: () throws(E) -> T) throws(E) -> T {
        state.withLock { $0.occupied += 1 }
        defer { state.withLock { $0.occupied -= 1 } }
        return try work()
    }

    /// Callers holding a core and helpers lent, right now.
    var usage: (occupied: Int, lent: Int) {
        state.withLock { ($0.occupied, $0.lent) }
    }

    /// `body(0), body(1), … body(count − 1)` in that order, computed on the
    /// calling thread and the helpers idle cores lend (fork-join). Each call
    /// of `body` must touch only its own data.
    public func map<Result>(_ count: Int, _ body: @escaping (Int) -> Result) -> [Result] {
        guard count > 1 else { return count == 1 ? [body(0)] : [] }
        let slots = UnsafeMutableBufferPointer<Result?>.allocate(capacity: count)
        slots.initialize(repeating: nil)
        defer {
            _ = slots.deinitialize()
            slots.deallocate()
        }
        // Each chunk writes only its own slot, and forEachChunk orders every
        // chunk's writes before it returns.
        nonisolated(unsafe) let shared = slots
        forEachChunk(count, workers: count) { chunk, _ in shared[chunk] = body(chunk) }
        return slots.map { $0! }
    }

    /// Calls `body(chunk, worker)` once for every chunk in `0..<count`, on the
    /// calling thread (worker 0) and on up to `workers − 1` helpers (workers
    /// 1, 2, …) that are parked while cores are idle. Returns when all are done.
    func forEachChunk(_ count: Int, workers: Int, _ body: @escaping (_ chunk: Int, _ worker: Int) -> Void) {
        let job = ChunkJob(count: count, body: body)
        lend(to: job, helpers: min(workers, count) - 1)
        if !job.work(as: 0, while: { true }) { job.waitUntilAllDone() }
    }

    /// Hands `job` to as many as `wanted` parked helpers as there are idle cores, and wakes them.
    private func lend(to job: ChunkJob, helpers wanted: Int) {
        guard wanted > 0, !wakeUps.isEmpty else { return }
        let woken: [Int] = state.withLock { state in
            let count = min(wanted, cores - state.occupied - state.lent, state.parked.count)
            guard count > 0 else { return [] }
            state.lent += count
            let picked = Array(state.parked.suffix(count))
            state.parked.removeLast(count)
            for helper in picked { state.assigned[helper] = job }
            return picked
        }
        for helper in woken { wakeUps[helper].signal() }
    }

    /// Whether a lent helper may take another chunk; when another caller has
    /// occupied its core meanwhile, it is returned at once (false).
    private func keepsLease() -> Bool {
        state.withLock { state in
            guard state.occupied + state.lent > cores else { return true }
            state.lent -= 1
            return false
        }
    }

    /// A helper's life: wait for a job, take its chunks while the lease holds,
    /// park again, and only then, if it finished the job's last chunk, let the
    /// caller go on (so the caller's next layer finds it parked).
    private func serve(as helper: Int) {
        while true {
            wakeUps[helper].wait()
            guard let job = state.withLock({ $0.assigned[helper].take() }) else { continue }
            let worker = job.joinAsHelper()
            var returned = false
            let finishedLast = job.work(as: worker) {
                if keepsLease() { return true }
                returned = true
                return false
            }
            state.withLock { state in
                if !returned { state.lent -= 1 }
                state.parked.append(helper)
            }
            if finishedLast { job.signalAllDone() }
        }
    }
}
