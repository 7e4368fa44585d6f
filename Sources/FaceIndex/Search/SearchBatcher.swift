import BlockingWork
import Synchronization

/// Combines concurrent searches into batches that share one pass over memory.
///
/// No thread of its own: the first caller to find no batch running becomes
/// the leader and runs batches of pending requests (its own included) on its
/// thread, holding a core of the process's budget (`HelperPool.shared`)
/// meanwhile; the others sleep on their semaphore and hold none. Once its own
/// requests are answered the leader hands the role to the oldest waiting
/// caller, so under constant load no caller serves others forever.
final class SearchBatcher: Sendable {
    /// Above this a batch is split: a batch's latency grows with its size.
    static let maxBatch = 64

    private struct State {
        var pending: [SearchRequest] = []
        var leading = false
    }

    private let state = Mutex(State())

    /// Runs `requests` (in batches, possibly with other callers' requests)
    /// and returns when all are answered.
    func submit(_ requests: [SearchRequest], execute: ([SearchRequest]) -> Void) {
        let leads = state.withLock { state in
            state.pending.append(contentsOf: requests)
            guard !state.leading else { return false }
            state.leading = true
            return true
        }
        if leads { lead(until: requests, execute: execute) }
        let waiter = requests[0].waiter
        while !requests.allSatisfy(\.isAnswered) {
            waiter.wake.wait()
            if waiter.takeLeadership() { lead(until: requests, execute: execute) }
        }
    }

    private func lead(until mine: [SearchRequest], execute: ([SearchRequest]) -> Void) {
        while !mine.allSatisfy(\.isAnswered) {
            let batch = state.withLock { state in
                let batch = Array(state.pending.prefix(Self.maxBatch))
                state.pending.removeFirst(batch.count)
                return batch
            }
            HelperPool.shared.occupyingCore { execute(batch) }
            for request in batch { request.answer() }
        }
        state.withLock { state in
            if let next = state.pending.first {
                next.waiter.grantLeadership()
            } else {
                state.leading = false
            }
        }
    }
}

/// One caller's wake-up line, shared by the requests it submitted together.
final class SearchWaiter: Sendable {
    let wake = ThreadSemaphore()
    private let leadership = Atomic(false)

    func grantLeadership() {
        leadership.store(true, ordering: .releasing)
        wake.signal()
    }

    func takeLeadership() -> Bool {
        leadership.exchange(false, ordering: .acquiring)
    }
}

/// A query waiting for its hits. The leader writes `outcome` before setting
/// `isAnswered` (release); the caller reads it after seeing it set (acquire).
final class SearchRequest: @unchecked Sendable {
    let query: [Float]
    let k: Int
    let waiter: SearchWaiter
    private let answered = Atomic(false)
    var outcome: Shortlist

    init(query: [Float], k: Int, waiter: SearchWaiter) {
        self.query = query
        self.k = k
        self.waiter = waiter
        outcome = Shortlist(k: k, ids: [], isComplete: true, query: query)
    }

    var isAnswered: Bool { answered.load(ordering: .acquiring) }

    func answer() {
        answered.store(true, ordering: .releasing)
        waiter.wake.signal()
    }
}
