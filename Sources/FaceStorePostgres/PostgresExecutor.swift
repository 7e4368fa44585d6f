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
// reconnects on demand.
//
// Rows are read in the caller's task, never hopping to an actor (1M rows
// took 15 s with a hop per row, ~1 s without). No work here blocks a thread:
// postgres-nio runs on its own event loops.

/// Runs database calls on a PostgreSQL connection pool, each within a deadline.
final class PostgresExecutor: Sendable {
    let client: PostgresClient
    let timeouts: PostgresTimeouts
    let logger: Logger
    private let running: Task<Void, Never>

    /// Starts a pool for `url` (connections open on demand).
    init(url: PostgresURL, timeouts: PostgresTimeouts, applicationName: String, maxConnections: Int, logger: Logger) {
        var configuration = PostgresClient.Configuration(
            host: url.host, port: url.port, username: url.user, password: url.password, database: url.database,
            tls: Self.tls(url.tls))
        configuration.options.connectTimeout = timeouts.connect
        configuration.options.maximumConnections = maxConnections
        configuration.options.additionalStartupParameters = Self.startupParameters(timeouts, applicationName)
        client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.timeouts = timeouts
        self.logger = logger
        running = Task { [client] in await client.run() }
    }

    /// Closes the pool; calls made afterwards fail.
    func shutDown() async {
        running.cancel()
        await running.value
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
            return try await withThrowingTaskGroup(of: Outcome.self) { group in
                group.addTask { [client] in
                    try await Outcome.finished(client.withConnection { connection in
                        leased.current.withLock { $0 = connection }
                        defer { leased.current.withLock { $0 = nil } }
                        return try await body(connection)
                    })
                }
                group.addTask {
                    try await Task.sleep(for: limit)
                    return .timedOut
                }
                defer { group.cancelAll() }
                switch try await group.next() {
                case .finished(let value):
                    return value
                case .timedOut, nil:
                    group.cancelAll()
                    if let connection = leased.current.withLock({ $0 }) { closeNow(connection) }
                    throw StorageError(.unavailable, "\(action): no answer from PostgreSQL within \(limit)")
                }
            }
        } catch {
            throw StorageError.from(error, doing: action)
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
    let current = Mutex<PostgresConnection?>(nil)
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
