/// A failure reported by SQLite, with its result code and message.
struct SQLiteError: Error, CustomStringConvertible, Sendable {
    /// The extended SQLite result code.
    let code: Int32
    /// SQLite's message for the failure, plus what we were doing.
    let message: String

    var description: String { "SQLite error \(code): \(message)" }

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

extension SQLiteError {
    /// The same failure in the storage seam's terms.
    var storageError: StorageError {
        // SQLITE_CONSTRAINT (19) in any extended form; SQLITE_BUSY (5) and
        // SQLITE_LOCKED (6): another writer held the lock past the busy timeout.
        if primaryCode == 19 { return StorageError(.constraint, description) }
        if isStorageFailure || primaryCode == 5 || primaryCode == 6 { return StorageError(.unavailable, description) }
        return StorageError(.failed, description)
    }
}

/// Runs `body`, rethrowing SQLite's errors in the storage seam's terms.
func mappingSQLiteErrors<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as SQLiteError {
        throw error.storageError
    }
}

/// The async form of `mappingSQLiteErrors`.
func mappingSQLiteErrors<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let error as SQLiteError {
        throw error.storageError
    }
}
