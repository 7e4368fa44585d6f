import Foundation
import Synchronization

/// A counting semaphore for threads that may block (lanes, helpers, callers
/// of a blocking API); never for Swift's cooperative pool.
///
/// The count lives in an atomic, so a `signal` with no thread waiting and a
/// `wait` with a permit available take no lock and make no system call; only
/// a thread that must sleep goes through the condition variable.
public final class ThreadSemaphore: @unchecked Sendable {
    // @unchecked: `wakeUps` is only touched with `condition` locked.
    /// Permits available when positive; minus the number of sleepers when negative.
    private let value: Atomic<Int>
    private let condition = NSCondition()
    /// Sleepers signalled but not yet woken.
    private var wakeUps = 0

    /// A semaphore holding `value` permits (0: the first `wait` sleeps).
    public init(value: Int = 0) {
        self.value = Atomic(value)
    }

    /// Takes a permit, sleeping until one is available.
    public func wait() {
        guard value.subtract(1, ordering: .acquiringAndReleasing).oldValue <= 0 else { return }
        condition.lock()
        while wakeUps == 0 { condition.wait() }
        wakeUps -= 1
        condition.unlock()
    }

    /// Returns a permit, waking one sleeper if there is one.
    public func signal() {
        guard value.add(1, ordering: .acquiringAndReleasing).oldValue < 0 else { return }
        condition.lock()
        wakeUps += 1
        condition.signal()
        condition.unlock()
    }
}
