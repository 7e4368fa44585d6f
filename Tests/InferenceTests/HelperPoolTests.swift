import Foundation
import Synchronization
import Testing
@testable import Inference

/// The helper pool behind `Parallelism.adaptive`: every chunk once, helpers
/// only on idle cores, given back when a core is occupied, never a deadlock.
@Suite struct HelperPoolTests {
    /// Three cores, two helpers; shared because a pool's threads live as long as the process.
    static let pool = HelperPool(cores: 3)

    /// Runs `count` chunks and returns, per chunk, the workers that ran it.
    static func run(_ count: Int, on pool: HelperPool, workers: Int, chunkSeconds: Double = 0) -> [[Int]] {
        let runs = Mutex([[Int]](repeating: [], count: count))
        pool.forEachChunk(count, workers: workers) { chunk, worker in
            if chunkSeconds > 0 { Thread.sleep(forTimeInterval: chunkSeconds) }
            runs.withLock { $0[chunk].append(worker) }
        }
        return runs.withLock { $0 }
    }

    /// Polls `condition` for up to two seconds.
    static func eventually(_ condition: () -> Bool) -> Bool {
        for _ in 0..<2000 {
            if condition() { return true }
            Thread.sleep(forTimeInterval: 0.001)
        }
        return condition()
    }

    @Test(arguments: [1, 2, 3, 7, 64, 1000])
    func everyChunkRunsExactlyOnceOnAWorkerBelowTheLimit(count: Int) {
        for workers in [1, 2, 3] {
            let runs = Self.run(count, on: Self.pool, workers: workers)
            #expect(runs.allSatisfy { $0.count == 1 })
            #expect(runs.joined().allSatisfy { (0..<workers).contains($0) })
        }
    }

    @Test func idleCoresLendHelpers() {
        // Long enough for a woken helper to get a time slice on a busy machine.
        let runs = Self.run(100, on: Self.pool, workers: 3, chunkSeconds: 0.003)
        #expect(runs.allSatisfy { $0.count == 1 })
        #expect(runs.joined().contains { $0 != 0 })
    }

    @Test func concurrentCallersEachGetEveryChunkOnce() {
        let pool = HelperPool(cores: 3)
        let failures = Atomic<Int>(0)
        let threads = 6, callsEach = 40
        let finished = DispatchSemaphore(value: 0)
        for caller in 0..<threads {
            Thread {
                for call in 0..<callsEach {
                    let count = 1 + (caller * 7 + call * 3) % 50
                    let runs = pool.occupyingCore { Self.run(count, on: pool, workers: 3) }
                    if !runs.allSatisfy({ $0.count == 1 }) || runs.joined().contains(where: { $0 >= 3 }) {
                        failures.add(1, ordering: .relaxed)
                    }
                }
                finished.signal()
            }.start()
        }
        for _ in 0..<threads { #expect(finished.wait(timeout: .now() + 60) == .success) }
        #expect(failures.load(ordering: .relaxed) == 0)
        #expect(Self.eventually { pool.usage == (0, 0) })
    }

    @Test func aPoolOfOneCoreRunsEverythingOnTheCaller() {
        let single = HelperPool(cores: 1)
        let runs = Self.run(16, on: single, workers: 4)
        #expect(runs == Array(repeating: [0], count: 16))
    }

    @Test func noHelperIsLentWhileEveryCoreIsOccupied() {
        let pool = HelperPool(cores: 3)
        let runs = pool.occupyingCore {
            pool.occupyingCore {
                pool.occupyingCore { Self.run(16, on: pool, workers: 3, chunkSeconds: 0.001) }
            }
        }
        #expect(runs == Array(repeating: [0], count: 16))
        #expect(pool.usage == (0, 0))
    }

    @Test func aLentHelperGivesItsCoreBackWhenAnotherCallerOccupiesIt() {
        let pair = HelperPool(cores: 2)
        let done = DispatchSemaphore(value: 0)
        let result = Mutex<[[Int]]>([])
        Thread {
            let runs = pair.occupyingCore { Self.run(200, on: pair, workers: 2, chunkSeconds: 0.002) }
            result.withLock { $0 = runs }
            done.signal()
        }.start()
        #expect(Self.eventually { pair.usage == (1, 1) })
        pair.occupyingCore {
            // Within about one chunk the helper returns its lease.
            #expect(Self.eventually { pair.usage == (2, 0) })
        }
        #expect(done.wait(timeout: .now() + 60) == .success)
        #expect(result.withLock { $0.allSatisfy { $0.count == 1 } && $0.count == 200 })
    }
}
