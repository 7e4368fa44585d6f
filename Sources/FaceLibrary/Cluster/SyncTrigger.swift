import Synchronization

/// Wakes a periodic loop early: `wait(upTo:)` returns after the interval, at
/// the first `fire()` or when its task is cancelled, whichever comes first (a
/// fire while nobody waits makes the next wait return at once).
final class SyncTrigger: Sendable {
    private struct State {
        var fired = false
        var waiter: (generation: UInt64, continuation: CheckedContinuation<Void, Never>)?
        var generation: UInt64 = 0
    }

    private let state = Mutex(State())

    func fire() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard let waiter = state.waiter else {
                state.fired = true
                return nil
            }
            state.waiter = nil
            return waiter.continuation
        }
        waiter?.resume()
    }

    func wait(upTo interval: Duration) async {
        await withTaskCancellationHandler {
            await sleep(upTo: interval)
        } onCancel: {
            fire()
        }
    }

    private func sleep(upTo interval: Duration) async {
        await withCheckedContinuation { continuation in
            let generation = state.withLock { state -> UInt64? in
                if state.fired {
                    state.fired = false
                    return nil
                }
                state.generation += 1
                state.waiter = (state.generation, continuation)
                return state.generation
            }
            guard let generation else { return continuation.resume() }
            Task { [weak self] in
                try? await Task.sleep(for: interval)
                self?.expire(generation)
            }
        }
    }

    private func expire(_ generation: UInt64) {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard let waiter = state.waiter, waiter.generation == generation else { return nil }
            state.waiter = nil
            return waiter.continuation
        }
        waiter?.resume()
    }
}
