import FaceStore
import Logging
import PostgresNIO
import Synchronization

// Design note (a database that goes away and comes back): postgres-nio's
// pool (1.33.2) retries a failing connection after 100 ms × 1.25^n, capped
// at 60 s and not configurable, and after 60 s of failures its circuit
// breaker fails every lease until one of those retries succeeds. After an
// outage of a few minutes the server would stay down for up to a minute
// after PostgreSQL is back, and during the outage every call would wait out
// its deadline. So the store watches for itself: when a call gets no
// connection in time, or fails for want of one, a watcher logs in directly
// (outside the pool) every `probeInterval`. While those logins fail, calls
// fail at once, saying why; at the first login that succeeds after a failed
// one, the pool is replaced by a fresh one (it connects on demand, with no
// backoff behind it), and the old pool is shut down when its last call has
// returned. A login refused for want of connection slots (SQLSTATE class 53)
// is no outage: the pool's open connections still serve.

/// The connection pool the executor leases from, renewed after an outage.
final class PostgresPool: Sendable {
    /// How often the watcher logs in while the database is unreachable: the
    /// bound on the time from PostgreSQL accepting connections again to the
    /// store using it (plus one login).
    static let probeInterval: Duration = .seconds(1)

    private let configuration: PostgresClient.Configuration
    private let url: PostgresURL
    private let timeouts: PostgresTimeouts
    private let logger: Logger
    private let state: Mutex<State>

    private struct State {
        var current: PoolGeneration
        var retired: [PoolGeneration] = []
        /// Why the database cannot be reached, while the watcher finds it so.
        var down: String?
        var watcher: Task<Void, Never>?
        var closed = false
    }

    init(configuration: PostgresClient.Configuration, url: PostgresURL, timeouts: PostgresTimeouts, logger: Logger) {
        self.configuration = configuration
        self.url = url
        self.timeouts = timeouts
        self.logger = logger
        state = Mutex(State(current: PoolGeneration(configuration, logger: logger)))
    }

    /// The current pool for one call, to be given back with `release`;
    /// fails at once while the database is known to be unreachable.
    func acquire(doing action: String) throws -> PoolGeneration {
        try state.withLock { state in
            if state.closed { throw StorageError(.unavailable, "\(action): the store is shut down") }
            if let down = state.down {
                throw StorageError(.unavailable, "\(action): PostgreSQL \(url) is unreachable: \(down)")
            }
            state.current.enter()
            return state.current
        }
    }

    func release(_ generation: PoolGeneration) {
        generation.leave()
    }

    /// A call got no connection in time, or lost it: find out whether the
    /// database is down (one watcher at a time).
    func suspect() {
        state.withLock { state in
            guard !state.closed, state.watcher == nil else { return }
            state.watcher = Task { [self] in await watch() }
        }
    }

    /// Stops the watcher and every pool, waiting for them.
    func shutDown() async {
        let (watcher, generations) = state.withLock { state in
            state.closed = true
            let watcher = state.watcher
            state.watcher = nil
            return (watcher, [state.current] + state.retired)
        }
        watcher?.cancel()
        await watcher?.value
        for generation in generations { await generation.stop() }
    }

    private func watch() async {
        var outage = false
        while !Task.isCancelled {
            guard let failure = await PostgresLogin.failure(url, timeouts: timeouts), !failure.isShortOfConnections else {
                break
            }
            if !outage {
                logger.warning("database unreachable; requests fail until it is back",
                               metadata: ["database": "\(url)", "problem": "\(failure.problem)"])
            }
            outage = true
            state.withLock { $0.down = failure.problem }
            try? await Task.sleep(for: Self.probeInterval)
        }
        state.withLock { state in
            state.watcher = nil
            guard outage, !state.closed else { return }
            state.down = nil
            let old = state.current
            state.current = PoolGeneration(configuration, logger: logger)
            state.retired.removeAll { $0.isStopped }
            state.retired.append(old)
            old.retire()
        }
        if outage, !Task.isCancelled {
            logger.notice("database reachable again; connection pool renewed", metadata: ["database": "\(url)"])
        }
    }
}

/// One postgres-nio pool and the calls using it.
final class PoolGeneration: Sendable {
    let client: PostgresClient
    private let running: Task<Void, Never>
    private let usage = Mutex(Usage())

    private struct Usage {
        var calls = 0
        var retired = false
        var stopped = false

        /// True once, when a retired pool has no call left.
        mutating func stopIfIdle() -> Bool {
            guard retired, calls == 0, !stopped else { return false }
            stopped = true
            return true
        }
    }

    init(_ configuration: PostgresClient.Configuration, logger: Logger) {
        client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        running = Task { [client] in await client.run() }
    }

    var isStopped: Bool { usage.withLock { $0.stopped } }

    func enter() {
        usage.withLock { $0.calls += 1 }
    }

    func leave() {
        let stop = usage.withLock { usage in
            usage.calls -= 1
            return usage.stopIfIdle()
        }
        if stop { running.cancel() }
    }

    /// No new calls: the pool closes when the last one returns.
    func retire() {
        let stop = usage.withLock { usage in
            usage.retired = true
            return usage.stopIfIdle()
        }
        if stop { running.cancel() }
    }

    /// Closes the pool now (its connections too) and waits for it.
    func stop() async {
        usage.withLock { $0.stopped = true }
        running.cancel()
        await running.value
    }
}
