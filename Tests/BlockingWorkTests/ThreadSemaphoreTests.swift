import Foundation
import Synchronization
import Testing
@testable import BlockingWork

/// The semaphore under the lanes and the helper pool: no lost or invented permits.
@Suite struct ThreadSemaphoreTests {
    @Test func permitsGivenBeforeAWaitAreKept() {
        let semaphore = ThreadSemaphore(value: 2)
        semaphore.signal()
        for _ in 0..<3 { semaphore.wait() }
    }

    @Test func everySignalWakesExactlyOneWait() {
        let semaphore = ThreadSemaphore()
        let (threads, rounds) = (4, 2_000)
        let woken = Atomic(0)
        let finished = ThreadSemaphore()
        for _ in 0..<threads {
            Thread {
                for _ in 0..<rounds {
                    semaphore.wait()
                    woken.add(1, ordering: .relaxed)
                }
                finished.signal()
            }.start()
        }
        for round in 0..<threads * rounds {
            semaphore.signal()
            if round % 97 == 0 { Thread.sleep(forTimeInterval: 0.0001) }
        }
        for _ in 0..<threads { finished.wait() }
        #expect(woken.load(ordering: .relaxed) == threads * rounds)
    }
}
