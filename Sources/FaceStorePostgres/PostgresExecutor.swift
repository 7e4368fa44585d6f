import FaceStore
import Logging
import PostgresNIO
import Synchronization

// Design note: every database call leases a pooled connection and runs under
// a deadline (see `PostgresTimeouts`). When the deadline passes first, the
// call's task is cancelled (which ends a wait for a connection) and its
// connection is closed (which fails a query in flight at once: postgres-nio
// has no query cancel); the pool then replaces the connection. So a call
// never outlives its deadline by more than the time to notice, whatever the
// network does, and PostgreSQL coming back needs no restart: the pool
// reconnects on demand, and is renewed after an outage (see `PostgresPool`).
//
// Rows are read in the caller's task, never hopping to an actor (1M rows
// took 15 s with a hop per row, ~1 s without). No work here blocks a thread:
// postgres-nio runs on its own event loops.

/// Runs database calls on a PostgreSQL connection pool, each within a deadline.
final class PostgresExecutor: Sendable {
    let timeouts: PostgresTimeouts
    let logger: Logger
    private let pool: PostgresPool
    /// How long a call waits for a connection before the pool is suspected
    /// of having none to give (it keeps waiting until its deadline).
    private static let leasePatience: Duration = .seconds(1)

    /// Starts a pool for `url` (connections open on demand).
    init(url: PostgresURL, timeouts: PostgresTimeouts, applicationName: String, maxConnections: Int, logger: Logger) {
        var configuration = PostgresClient.Configuration(
            host: url.host, port: url.port, username: url.user, password: url.password, database: url.database,
            tls: Self.tls(url.tls))
        configuration.options.connectTimeout = timeouts.connect
        configuration.options.maximumConnections = maxConnections
        configuration.options.additionalStartupParameters = Self.startupParameters(timeouts, applicationName)
        pool = PostgresPool(configuration: configuration, url: url, timeouts: timeouts, logger: logger)
        self.timeouts = timeouts
        self.logger = logger
    }

    /// Closes the pool; calls made afterwards fail.
    func shutDown() async {
        await pool.shutDown()
    }

    /// Session settings sent at login: the timeouts, and durability spelled
    /// out so that a server configured with `synchronous_commit = off` cannot
    /// acknowledge a write that a crash then loses.
    static func startupParameters(_ timeouts: PostgresTimeouts, _ applicationName: String) -> [(String, String)] {
        [("statement_timeout", "\(timeouts.statement.milliseconds)"),
         ("idle_in_transaction_session_timeout", "\(timeouts.idleInTransaction.milliseconds)"),
         ("synchronous_commit", "on"),
         ("application_name", applicationName),
         ("TimeZone", "UTC")]
    }

    static func tls(_ mode: PostgresURL.TLSMode) -> PostgresClient.Configuration.TLS {
        switch mode {
        case .disable: .disable
        case .prefer: .prefer(.makeClientConfiguration())
        case .require: .require(.makeClientConfiguration())
        }
    }

    /// Runs `body` on a leased connection, failing with `StorageError.unavailable`
    /// after `limit`; PostgreSQL's errors come out as `StorageError`.
    func withConnection<T: Sendable>(
        within limit: Duration, doing action: String, _ body: @escaping @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        typealias Outcome = DeadlineOutcome<T>
        let leased = LeasedConnection()
        do {
            let generation = try pool.acquire(doing: action)
            defer { pool.release(generation) }
            return try await withThrowingTaskGroup(of: Outcome.self) { [pool] group in
                group.addTask {
                    try await Outcome.finished(generation.client.withConnection { connection in
                        leased.hold(connection)
                        defer { leased.letGo() }
                        return try await body(connection)
                    })
                }
                group.addTask {
                    let patience = min(limit, Self.leasePatience)
                    try await Task.sleep(for: patience)
                    if !leased.everHeld { pool.suspect() }
                    try await Task.sleep(for: limit - patience)
                    return .timedOut
                }
                defer { group.cancelAll() }
                switch try await group.next() {
                case .finished(let value):
                    return value
                case .timedOut, nil:
                    group.cancelAll()
                    if let connection = leased.current { closeNow(connection) }
                    throw StorageError(.unavailable, "\(action): no answer from PostgreSQL within \(limit)")
                }
            }
        } catch {
            let neutral = StorageError.from(error, doing: action)
            if (neutral as? StorageError)?.reason == .unavailable { pool.suspect() }
            throw neutral
        }
    }

    /// Runs `body` in one transaction on one connection: committed when it
    /// returns, rolled back when it throws. `begin` picks the isolation
    /// (READ COMMITTED by default). A failed COMMIT is reported as
    /// `StorageError.commitOutcomeUnknown`: the change may have been committed.
    func transaction<T: Sendable>(
        within limit: Duration, doing action: String, begin: String = "BEGIN",
        _ body: @escaping @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        try await withConnection(within: limit, doing: action) { [logger] connection in
            try await connection.query(PostgresQuery(unsafeSQL: begin), logger: logger)
            let value: T
            do {
                value = try await body(connection)
            } catch {
                do {
                    try await connection.query("ROLLBACK", logger: logger)
                } catch {
                    // A connection whose transaction state is unknown must not go back to the pool.
                    closeNow(connection)
                }
                throw error
            }
            do {
                try await connection.query("COMMIT", logger: logger)
            } catch {
                throw StorageError(.commitOutcomeUnknown, "\(action): COMMIT failed, the change may or may not be "
                                   + "committed: \(StorageError.from(error, doing: "commit"))")
            }
            return value
        }
    }

    /// Runs `body` in a read-only transaction that sees one snapshot for all
    /// its statements (REPEATABLE READ): a library's faces read in pages
    /// never miss a row that committed late with a lower id.
    func snapshot<T: Sendable>(
        within limit: Duration, doing action: String, _ body: @escaping @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        try await transaction(within: limit, doing: action, begin: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", body)
    }
}

/// The connection a call holds, for its deadline to close.
private final class LeasedConnection: Sendable {
    private let state = Mutex<(current: PostgresConnection?, everHeld: Bool)>((nil, false))

    var current: PostgresConnection? { state.withLock { $0.current } }
    /// Whether the pool gave the call a connection at all.
    var everHeld: Bool { state.withLock { $0.everHeld } }

    func hold(_ connection: PostgresConnection) {
        state.withLock { $0 = (connection, true) }
    }

    func letGo() {
        state.withLock { $0.current = nil }
    }
}

/// What came first: the call's result or its deadline.
private enum DeadlineOutcome<T: Sendable>: Sendable {
    case finished(T)
    case timedOut
}

/// Closes a connection without waiting: a query in flight on it fails at once.
func closeNow(_ connection: PostgresConnection) {
    let _: EventLoopFuture<Void> = connection.close()
}
