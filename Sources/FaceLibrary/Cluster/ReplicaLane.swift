import Synchronization

// Design note: everything that changes one library's replica (its first
// load, catch-ups, reloads, a node's own writes) runs on the library's lane,
// one operation after another in the order asked for, so the index moves
// through the log's positions in order and a reload never races an apply.
// Catch-ups coalesce: a catch-up asked for while another is queued and not
// yet started shares that one (it starts after the request, so it reads
// everything committed before it) — a burst of notifications costs one read.

/// Runs one library's sync operations one at a time, in order.
final class ReplicaLane: Sendable {
    private struct State {
        var tail: Task<Void, any Error>?
        /// A catch-up queued and not started yet, with its number.
        var queuedCatchUp: (number: UInt64, task: Task<Void, any Error>)?
        var enqueued: UInt64 = 0
    }

    private let state = Mutex(State())

    /// Runs `body` after every operation enqueued before; returns its task.
    @discardableResult
    func enqueue(_ body: @escaping @Sendable () async throws -> Void) -> Task<Void, any Error> {
        enqueue(catchUp: false, body)
    }

    /// Runs the catch-up `body` after every operation enqueued before,
    /// unless a catch-up is queued and not started yet: then that one.
    @discardableResult
    func enqueueCatchUp(_ body: @escaping @Sendable () async throws -> Void) -> Task<Void, any Error> {
        enqueue(catchUp: true, body)
    }

    private func enqueue(catchUp: Bool, _ body: @escaping @Sendable () async throws -> Void) -> Task<Void, any Error> {
        state.withLock { state in
            if catchUp, let queued = state.queuedCatchUp { return queued.task }
            state.enqueued += 1
            let number = state.enqueued
            let previous = state.tail
            let task = Task { [weak self] in
                _ = await previous?.result
                if catchUp {
                    self?.state.withLock { if $0.queuedCatchUp?.number == number { $0.queuedCatchUp = nil } }
                }
                try await body()
            }
            state.tail = task
            if catchUp { state.queuedCatchUp = (number, task) }
            return task
        }
    }
}
