import Synchronization
import Testing
import FaceLibrary
import FaceTestSupport

@Suite struct AppConcurrencyLimiterTests {
    @Test func anAppOverItsCapIsRefusedOthersAreNot() async throws {
        let fixture = try await OpsFixture(faces: 0)
        defer { fixture.remove() }
        let first = try await OpsFixture.app(fixture.data, fixture.apiKey)
        let secondKeys = try await fixture.data.services.apps.createApp(name: "other")
        let second = try await OpsFixture.app(fixture.data, secondKeys.apiKey)
        let limiter = AppConcurrencyLimiter(limit: 1)
        let gate = AsyncGate()
        let held = Task { try await limiter.withSlot(for: first) { await gate.wait() } }
        try await waitUntil { limiter.inFlight(for: first) == 1 }
        await #expect(throws: LibraryError.concurrencyLimitExceeded) { try await limiter.withSlot(for: first) {} }
        #expect(try await limiter.withSlot(for: second) { 42 } == 42)
        await gate.open()
        try await held.value
        #expect(limiter.inFlight(for: first) == 0)
        #expect(try await limiter.withSlot(for: first) { 7 } == 7)
        #expect(try await AppConcurrencyLimiter(limit: 0).withSlot(for: first) { 1 } == 1)
    }
}

/// Shared mutable test state behind a lock.
final class Box<Value: Sendable>: Sendable {
    private let value: Mutex<Value>

    init(_ value: Value) {
        self.value = Mutex(value)
    }

    func withLock<T>(_ body: (inout Value) -> T) -> T {
        value.withLock { body(&$0) }
    }
}

/// A one-shot gate: `wait()` suspends until `open()`.
actor AsyncGate {
    private var isOpen = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func wait() async {
        guard !isOpen else { return }
        await withCheckedContinuation { waiters.append($0) }
    }

    func open() {
        isOpen = true
        waiters.forEach { $0.resume() }
        waiters.removeAll()
    }
}

/// Polls `condition` until it holds (or fails the test after 5 s).
func waitUntil(_ condition: @Sendable () -> Bool) async throws {
    let deadline = ContinuousClock.now + .seconds(5)
    while !condition() {
        guard ContinuousClock.now < deadline else { throw WaitTimedOut() }
        try await Task.sleep(for: .milliseconds(2))
    }
}

struct WaitTimedOut: Error {}

@Suite struct IndexMemoryEstimateTests {
    @Test func followsTheIndexDesignNote() {
        let estimate = IndexMemoryEstimate.documented
        #expect(estimate.bytes(0, 128) == 0)
        // Within the first chunk every row waits as float32 in staging: 512 B + 24 B of id map.
        #expect(estimate.bytes(10, 128) == 10 * (512 + 24))
        // Full chunks: 2·128 + 16 = 272 B per row plus the id map.
        #expect(estimate.bytes(4096, 128) == 4096 * (272 + 24))
        // "5M rows ≈ 1.46 GB" in FaceIndex's note; this estimate stays within 2 % of it.
        let fiveMillion = Double(estimate.bytes(5_000_000, 128))
        #expect(abs(fiveMillion - 1.46e9) / 1.46e9 < 0.02)
    }
}
