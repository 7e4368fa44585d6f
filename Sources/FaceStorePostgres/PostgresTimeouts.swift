/// How long each kind of database work may take before the store gives up.
///
/// postgres-nio cannot cancel a query and sets no TCP keepalive, so a call on
/// a connection whose peer vanished (a half-open socket) would wait for the
/// kernel (~15 minutes). Every call therefore runs under a deadline of its
/// own, after which its connection is closed and the call fails as
/// `StorageError.unavailable`; the server side enforces `statement_timeout`
/// and `idle_in_transaction_session_timeout` too, so a stalled client never
/// holds row locks for long either.
public struct PostgresTimeouts: Sendable, Equatable {
    /// A request-path call: from asking the pool for a connection to the
    /// last row (or the commit).
    public var call: Duration
    /// Server-side limit of one statement (`statement_timeout`).
    public var statement: Duration
    /// Server-side limit of a transaction left idle (`idle_in_transaction_session_timeout`).
    public var idleInTransaction: Duration
    /// Opening a TCP connection and logging in.
    public var connect: Duration
    /// Bulk work: index loads, imports, exports, consistency checks, seeding.
    public var bulk: Duration

    public init(call: Duration = .seconds(10), statement: Duration = .seconds(8),
                idleInTransaction: Duration = .seconds(30), connect: Duration = .seconds(5),
                bulk: Duration = .seconds(3600)) {
        self.call = call
        self.statement = statement
        self.idleInTransaction = idleInTransaction
        self.connect = connect
        self.bulk = bulk
    }

    /// The defaults: a request fails within ~10 s when PostgreSQL stops answering.
    public static let defaults = PostgresTimeouts()
}

extension Duration {
    /// Whole milliseconds, as PostgreSQL's timeout settings take them.
    var milliseconds: Int64 {
        let parts = components
        return parts.seconds * 1000 + parts.attoseconds / 1_000_000_000_000_000
    }
}
