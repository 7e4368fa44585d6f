import CSQLite
import Foundation

// Design note: one `SQLiteConnection` is used by one thread at a time (the
// store's executor guarantees it), so the handle is opened in multi-thread
// mode (SQLITE_OPEN_NOMUTEX) and carries no lock of its own. Every connection
// applies the same pragmas: WAL, synchronous=FULL (an acknowledged commit is
// on disk, not only in the OS cache), foreign keys on, and a busy timeout so
// that the server and facectl can both write to one database. A database that
// cannot be written is opened read-only (see `DatabaseOpener`), or immutable
// when SQLite could not otherwise read it: no locks, no WAL, for a file that
// nothing can change (a read-only mount) and whose WAL is empty.

/// One open SQLite database handle with the project's pragmas applied.
///
/// `@unchecked Sendable` because it is handed between threads by
/// `SQLiteExecutor`, which never lets two threads use it at once.
final class SQLiteConnection: @unchecked Sendable {
    private let handle: OpaquePointer

    /// How a connection may use its file.
    enum Access: Sendable {
        /// Read and write, creating the file if needed (WAL mode).
        case readWrite
        /// Read only, through SQLite's locks and the WAL (which needs an -shm file).
        case readOnly
        /// Read only the main file, no locks and no WAL: for a file nothing can change.
        case immutable
    }

    /// Opens the database file at `path` (creating it for `.readWrite`).
    init(path: String, access: Access = .readWrite, busyTimeoutMilliseconds: Int32 = 10_000) throws(SQLiteError) {
        var db: OpaquePointer?
        let flags = switch access {
        case .readWrite: SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
        case .readOnly, .immutable: SQLITE_OPEN_READONLY
        }
        // Only the immutable open is a URI: a plain path is never parsed as one.
        let rc = access == .immutable
            ? sqlite3_open_v2(Self.immutableURI(path), &db, flags | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI, nil)
            : sqlite3_open_v2(path, &db, flags | SQLITE_OPEN_NOMUTEX, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close_v2(db)
            throw SQLiteError(code: rc, message: "open \(path): \(message)")
        }
        handle = db
        sqlite3_extended_result_codes(db, 1)
        sqlite3_busy_timeout(db, busyTimeoutMilliseconds)
        do {
            if access == .readWrite { try execute("PRAGMA journal_mode=WAL") }
            try execute("PRAGMA synchronous=FULL")
            try execute("PRAGMA foreign_keys=ON")
        } catch {
            sqlite3_close_v2(db)
            throw error
        }
    }

    /// A `file:` URI naming `path` with `immutable=1`.
    private static func immutableURI(_ path: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "?#%")
        return "file:\(path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path)?immutable=1"
    }

    deinit {
        sqlite3_close_v2(handle)
    }

    /// Runs one or more statements that return no rows.
    func execute(_ sql: String) throws(SQLiteError) {
        var errorMessage: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &errorMessage)
        guard rc == SQLITE_OK else {
            let message = errorMessage.map { String(cString: $0) } ?? lastErrorMessage
            sqlite3_free(errorMessage)
            throw SQLiteError(code: rc, message: message)
        }
    }

    /// Compiles one statement.
    func prepare(_ sql: String) throws(SQLiteError) -> SQLiteStatement {
        var statement: OpaquePointer?
        let rc = sqlite3_prepare_v2(handle, sql, -1, &statement, nil)
        guard rc == SQLITE_OK, let statement else {
            throw SQLiteError(code: rc, message: "prepare: \(lastErrorMessage)")
        }
        return SQLiteStatement(handle: statement, connection: self)
    }

    /// Runs `body` inside `BEGIN IMMEDIATE … COMMIT`, rolling back if it throws.
    ///
    /// IMMEDIATE takes the write lock up front, so a writer waits (busy
    /// timeout) at BEGIN instead of failing later when upgrading a read lock.
    func transaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    /// Runs `body` inside a deferred read transaction, so that several
    /// statements see one consistent snapshot.
    func readTransaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN DEFERRED")
        defer { try? execute("COMMIT") }
        return try body()
    }

    /// Rows changed by the last INSERT, UPDATE or DELETE.
    var changes: Int { Int(sqlite3_changes(handle)) }

    /// Row id of the last successful INSERT.
    var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    var lastErrorMessage: String { String(cString: sqlite3_errmsg(handle)) }

    /// True when SQLite opened the main database read-only (asked to, or the file is write-protected).
    var isReadOnly: Bool { sqlite3_db_readonly(handle, "main") == 1 }

    /// The operating system's error behind the last failed call, e.g. EROFS; 0 when none.
    var systemErrno: Int32 { sqlite3_system_errno(handle) }
}
