/// A failure reported by SQLite, with its result code and message.
public struct SQLiteError: Error, CustomStringConvertible, Sendable {
    /// The extended SQLite result code.
    public let code: Int32
    /// SQLite's message for the failure, plus what we were doing.
    public let message: String

    public var description: String { "SQLite error \(code): \(message)" }

    /// True for a UNIQUE or PRIMARY KEY constraint violation.
    var isUniqueViolation: Bool {
        // SQLITE_CONSTRAINT_UNIQUE (2067) and SQLITE_CONSTRAINT_PRIMARYKEY (1555).
        code == 2067 || code == 1555
    }
}
