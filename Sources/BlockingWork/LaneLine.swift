import Synchronization

/// The FIFO line of a `Lanes` and the loop its threads run.
final class LaneLine: Sendable {
    /// Runs on a lane and returns what to do once the lane is free again
    /// (resume the caller), so that a resumed caller never sees its own job
    /// still counted as running.
    typealias Job = @Sendable (_ lane: Int) -> Completion
    typealias Completion = @Sendable () -> Void

    private struct Entry {
        let id: UInt64
        let job: Job
    }

    private struct State {
        /// Admitted jobs no lane has taken yet, oldest first.
        var waiting: [Entry] = []
        var running = 0
        var closed = false
    }

    private enum Next {
        case job(Entry)
        case nothing
        case exit
    }

    let lanes: Int
    let maxQueued: Int
    private let state = Mutex(State())
    /// One permit per admitted job (and one per lane when closing); a permit
    /// whose job was dropped wakes a lane that finds nothing and sleeps again.
    private let wakeUps = ThreadSemaphore()
    private static let lastJobID = Atomic<UInt64>(0)

    init(lanes: Int, maxQueued: Int) {
        self.lanes = lanes
        self.maxQueued = maxQueued
    }

    /// A process-wide unique job id.
    static func newJobID() -> UInt64 {
        lastJobID.add(1, ordering: .relaxed).newValue
    }

    var load: (running: Int, waiting: Int) {
        state.withLock { ($0.running, $0.waiting.count) }
    }

    /// Appends `job` to the line unless as many jobs as `maxQueued` would
    /// then wait for a busy lane; false when refused.
    func admit(id: UInt64, _ job: @escaping Job) -> Bool {
        let admitted = state.withLock { state in
            // The jobs beyond the idle lanes are the ones that will wait.
            guard !state.closed, state.waiting.count - (lanes - state.running) < maxQueued else { return false }
            state.waiting.append(Entry(id: id, job: job))
            return true
        }
        if admitted { wakeUps.signal() }
        return admitted
    }

    /// Removes a job that no lane has taken yet (its task was cancelled).
    func drop(id: UInt64) {
        state.withLock { state in
            if let index = state.waiting.firstIndex(where: { $0.id == id }) { state.waiting.remove(at: index) }
        }
    }

    /// Lets the lanes end once the line is empty.
    func close() {
        state.withLock { $0.closed = true }
        for _ in 0..<lanes { wakeUps.signal() }
    }

    /// A lane's life: take the oldest job, run it, repeat; end when closed and empty.
    func serve(lane: Int) {
        while true {
            wakeUps.wait()
            let next: Next = state.withLock { state in
                guard !state.waiting.isEmpty else { return state.closed ? .exit : .nothing }
                state.running += 1
                return .job(state.waiting.removeFirst())
            }
            switch next {
            case .job(let entry):
                let completion = entry.job(lane)
                state.withLock { $0.running -= 1 }
                completion()
            case .nothing:
                continue
            case .exit:
                return
            }
        }
    }
}
