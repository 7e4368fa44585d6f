import Foundation
import Synchronization
import Testing
@testable import BlockingWork

/// The helper pool behind `Parallelism.adaptive`: every chunk once, helpers
/// only on idle cores, given back when a core is occupied, never a deadlock.
@Suite struct HelperPoolTests {
    /// Three cores, two helpers; shared because a pool's threads live as long as the process.
    /// At the callers' priority: these tests need lent helpers to run soon on a busy machine.
    static let pool = HelperPool(cores: 3, priority: .normal)

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
        // A pool of its own, so no other test occupies its cores: with both
        // idle, `forEachChunk` lends its helper before the caller starts.
        // If the caller (worker 0) takes a chunk, it waits in it until a
        // helper has run the other one, so the outcome depends on no timing:
        // without a lent helper it would wait out the minute and fail.
        let pool = HelperPool(cores: 2, priority: .normal)
        let helperRan = DispatchSemaphore(value: 0)
        let timedOut = Atomic<Bool>(false)
        let runs = Mutex([[Int]](repeating: [], count: 2))
        pool.forEachChunk(2, workers: 2) { chunk, worker in
            runs.withLock { $0[chunk].append(worker) }
            if worker == 0 {
                if helperRan.wait(timeout: .now() + 60) == .timedOut { timedOut.store(true, ordering: .relaxed) }
            } else {
                helperRan.signal()
            }
        }
        let (helperWasLate, chunks) = (timedOut.load(ordering: .relaxed), runs.withLock { $0 })
        #expect(!helperWasLate)
        #expect(chunks.allSatisfy { $0.count == 1 })
        #expect(chunks.joined().contains { $0 != 0 })
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

/// The fork-join the index scan uses: results in index order, each computed once.
@Suite struct HelperPoolMapTests {
    @Test(arguments: [0, 1, 2, 3, 17])
    func mapReturnsEveryResultInOrder(count: Int) {
        let calls = Mutex([Int](repeating: 0, count: count))
        let squares = HelperPoolTests.pool.map(count) { index in
            calls.withLock { $0[index] += 1 }
            return index * index
        }
        #expect(squares == (0..<count).map { $0 * $0 })
        #expect(calls.withLock { $0.allSatisfy { $0 == 1 } })
    }

    #if os(Linux)
    /// The nice value of the helper that ran chunk 1 while the caller held
    /// chunk 0 (waiting up to ten seconds for a helper to take it).
    static func helperNice(_ forEachChunk: (@escaping (Int, Int) -> Void) -> Void) -> Int32? {
        let nice = Mutex<Int32?>(nil)
        forEachChunk { _, worker in
            if worker != 0 {
                nice.withLock { $0 = ThreadPriority.currentNice }
                return
            }
            for _ in 0..<10_000 where nice.withLock({ $0 }) == nil { Thread.sleep(forTimeInterval: 0.001) }
        }
        return nice.withLock { $0 }
    }

    @Test func lentHelpersRunAtBackgroundPriorityTeamsAtTheCallers() {
        let base = ThreadPriority.currentNice
        let background = HelperPool(cores: 2)
        #expect(Self.helperNice { background.forEachChunk(2, workers: 2, $0) } == max(base, ThreadPriority.backgroundNice))
        #expect(Self.helperNice { Parallelism(workers: 2).forEachChunk(2, $0) } == base)
        #expect(ThreadPriority.currentNice == base)
    }
    #endif
}
