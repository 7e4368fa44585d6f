import Foundation
import Synchronization
import Testing
@testable import BlockingWork

/// Lanes: jobs run on the lanes' own threads, first come first served, at
/// most `count` at once; beyond the line they are refused at once; a queued
/// job whose task is cancelled never runs.
@Suite struct LanesTests {
    /// Polls `condition` for up to ten seconds without blocking a cooperative thread.
    static func eventually(_ condition: () -> Bool) async -> Bool {
        for _ in 0..<10_000 {
            if condition() { return true }
            try? await Task.sleep(for: .milliseconds(1))
        }
        return condition()
    }

    /// Occupies every lane of `lanes` with a job that blocks until the returned gate is signalled once per lane.
    static func block(_ lanes: Lanes) async throws -> ThreadSemaphore {
        let gate = ThreadSemaphore()
        for _ in 0..<lanes.count {
            try lanes.submit { _ in gate.wait() }
        }
        #expect(await eventually { lanes.load == (lanes.count, 0) })
        return gate
    }

    static func open(_ gate: ThreadSemaphore, for lanes: Lanes) {
        for _ in 0..<lanes.count { gate.signal() }
    }

    @Test func jobsRunOnTheLanesOwnThreads() async throws {
        let lanes = Lanes(name: "test.own", count: 2)
        #expect(Lanes.currentLane == nil)
        let names = try await withThrowingTaskGroup(of: String?.self) { group in
            for _ in 0..<8 { group.addTask { try await lanes.run { _ in Lanes.currentLane } } }
            return try await group.reduce(into: Set<String?>()) { $0.insert($1) }
        }
        #expect(names.isSubset(of: ["test.own.0", "test.own.1"]) && !names.isEmpty)
        let lane = try await lanes.run { lane in lane }
        #expect((0..<2).contains(lane))
    }

    @Test func errorsReachTheCaller() async {
        struct Failure: Error, Equatable {}
        let lanes = Lanes(name: "test.errors", count: 1)
        await #expect(throws: Failure()) { try await lanes.run { _ in throw Failure() } }
    }

    @Test func jobsStartInTheOrderTheyArrived() async throws {
        let lanes = Lanes(name: "test.fifo", count: 1)
        let gate = try await Self.block(lanes)
        let order = Shared<[Int]>([])
        var tasks: [Task<Void, any Error>] = []
        for job in 0..<6 {
            tasks.append(Task { try await lanes.run { _ in order.value.withLock { $0.append(job) } } })
            // Each job is in the line before the next one is sent.
            #expect(await Self.eventually { lanes.load.waiting == job + 1 })
        }
        Self.open(gate, for: lanes)
        for task in tasks { try await task.value }
        #expect(order.value.withLock { $0 } == Array(0..<6))
    }

    @Test func noMoreThanCountRunAtOnce() async throws {
        let lanes = Lanes(name: "test.count", count: 3)
        let (running, peak) = (Shared(0), Shared(0))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<24 {
                group.addTask {
                    try await lanes.run { _ in
                        let now = running.value.withLock { running in
                            running += 1
                            return running
                        }
                        peak.value.withLock { $0 = max($0, now) }
                        Thread.sleep(forTimeInterval: 0.002)
                        running.value.withLock { $0 -= 1 }
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect((1...3).contains(peak.value.withLock { $0 }))
        #expect(lanes.load == (0, 0))
    }

    @Test func aJobBeyondTheLineIsRefusedAtOnce() async throws {
        let lanes = Lanes(name: "test.overload", count: 1, maxQueued: 2)
        let gate = try await Self.block(lanes)
        let queued = (0..<2).map { _ in Task { try await lanes.run { _ in 1 } } }
        #expect(await Self.eventually { lanes.load == (1, 2) })
        await #expect(throws: LanesError.overloaded) { try await lanes.run { _ in 1 } }
        #expect(throws: LanesError.overloaded) { try lanes.submit { _ in } }
        Self.open(gate, for: lanes)
        for task in queued { #expect(try await task.value == 1) }
        // Room again once the line has moved.
        #expect(try await lanes.run { _ in 2 } == 2)
    }

    @Test func aQueuedJobWhoseTaskIsCancelledNeverRuns() async throws {
        let lanes = Lanes(name: "test.cancel", count: 1)
        let gate = try await Self.block(lanes)
        let ran = Shared(false)
        let task = Task { try await lanes.run { _ in ran.value.withLock { $0 = true } } }
        #expect(await Self.eventually { lanes.load.waiting == 1 })
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
        // Dropped from the line at once, not when a lane reaches it.
        #expect(lanes.load == (1, 0))
        Self.open(gate, for: lanes)
        #expect(try await lanes.run { _ in 3 } == 3)
        #expect(ran.value.withLock { !$0 })
    }

    @Test func aTaskCancelledBeforeItsJobIsSentNeverRunsIt() async {
        let lanes = Lanes(name: "test.cancelled", count: 1)
        let ran = Shared(false)
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await lanes.run { _ in ran.value.withLock { $0 = true } }
        }
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(ran.value.withLock { !$0 })
    }

    @Test func aRunningJobFinishesWhenItsTaskIsCancelled() async throws {
        let lanes = Lanes(name: "test.running", count: 1)
        let (started, release) = (ThreadSemaphore(), ThreadSemaphore())
        let task = Task {
            try await lanes.run { _ in
                started.signal()
                release.wait()
                return 4
            }
        }
        #expect(await Self.eventually { lanes.load.running == 1 })
        task.cancel()
        release.signal()
        #expect(try await task.value == 4)
        started.wait()
    }

    @Test func runningJobsOccupyACoreOfTheirPool() async throws {
        let pool = HelperPool(cores: 3)
        let lanes = Lanes(name: "test.cores", count: 2, occupying: pool)
        #expect(try await lanes.run { _ in pool.usage.occupied } == 1)
        #expect(pool.usage == (0, 0))
        let plain = Lanes(name: "test.nocores", count: 1)
        #expect(try await plain.run { _ in pool.usage.occupied } == 0)
    }

    #if os(Linux)
    @Test func backgroundLanesRunAtALowerPriority() async throws {
        let base = ThreadPriority.currentNice
        let background = Lanes(name: "test.background", count: 1, priority: .background)
        let normal = Lanes(name: "test.normal", count: 1)
        #expect(try await background.run { _ in ThreadPriority.currentNice } == max(base, ThreadPriority.backgroundNice))
        #expect(try await normal.run { _ in ThreadPriority.currentNice } == base)
        // Only the lane's thread: the caller keeps its priority.
        #expect(ThreadPriority.currentNice == base)
    }
    #endif

    @Test func submittedJobsRunWithoutAWaitingCaller() async throws {
        let lanes = Lanes(name: "test.submit", count: 2)
        let done = ThreadSemaphore()
        let count = Shared(0)
        for _ in 0..<10 {
            try lanes.submit { _ in
                count.value.withLock { $0 += 1 }
                done.signal()
            }
        }
        #expect(await Self.eventually { count.value.withLock { $0 } == 10 })
        for _ in 0..<10 { done.wait() }
    }
}

/// A value the test and its jobs share.
final class Shared<Value: Sendable>: Sendable {
    let value: Mutex<Value>

    init(_ value: Value) {
        self.value = Mutex(value)
    }
}
