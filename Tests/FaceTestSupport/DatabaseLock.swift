import CSQLite
import FaceStore

/// Holds the write lock of a data directory's database from outside the
/// server (as a long facectl import would), so that tests can make the
/// server's writes wait: requests in flight, readiness, shutdown.
///
/// `@unchecked Sendable`: the handle is used by one test at a time.
public final class DatabaseLock: @unchecked Sendable {
    private var handle: OpaquePointer?

    /// Opens the database in `dataDirectory` and takes its write lock (BEGIN IMMEDIATE).
    public init(dataDirectory: String) throws {
        guard sqlite3_open(SQLiteFaceStore.databasePath(in: dataDirectory), &handle) == SQLITE_OK else {
            throw DatabaseLockError.failed("open")
        }
        sqlite3_busy_timeout(handle, 10_000)
        guard sqlite3_exec(handle, "BEGIN IMMEDIATE", nil, nil, nil) == SQLITE_OK else {
            throw DatabaseLockError.failed("BEGIN IMMEDIATE")
        }
    }

    /// Runs SQL inside the held transaction (e.g. to corrupt a counter on purpose).
    public func execute(_ sql: String) throws {
        guard sqlite3_exec(handle, sql, nil, nil, nil) == SQLITE_OK else { throw DatabaseLockError.failed(sql) }
    }

    /// Commits what `execute` did and releases the lock.
    public func release() {
        guard handle != nil else { return }
        sqlite3_exec(handle, "COMMIT", nil, nil, nil)
        sqlite3_close(handle)
        handle = nil
    }

    deinit {
        release()
    }
}

/// The lock could not be taken.
public enum DatabaseLockError: Error {
    case failed(String)
}
