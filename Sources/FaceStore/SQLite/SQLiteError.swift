/// A failure reported by SQLite, with its result code and message.
public struct SQLiteError: Error, CustomStringConvertible, Sendable {
    /// The extended SQLite result code.
    public let code: Int32
    /// SQLite's message for the failure, plus what we were doing.
    public let message: String

    public var description: String { "SQLite error \(code): \(message)" }

    /// The primary result code, e.g. SQLITE_IOERR for SQLITE_IOERR_WRITE.
    var primaryCode: Int32 { code & 0xff }

    /// True when the storage under the database refused the work: a read-only
    /// file or disk, an I/O error, a full disk, a file that cannot be opened.
    var isStorageFailure: Bool {
        // SQLITE_READONLY (8), SQLITE_IOERR (10), SQLITE_FULL (13), SQLITE_CANTOPEN (14).
        [8, 10, 13, 14].contains(primaryCode)
    }

    /// True for a UNIQUE or PRIMARY KEY constraint violation.
    var isUniqueViolation: Bool {
        // SQLITE_CONSTRAINT_UNIQUE (2067) and SQLITE_CONSTRAINT_PRIMARYKEY (1555).
        code == 2067 || code == 1555
    }
}
