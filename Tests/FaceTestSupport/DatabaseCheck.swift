import CSQLite

/// Reads a data directory's SQLite database directly, as an operator's
/// `sqlite3` would, to check what a crash or a full disk left behind.
public enum DatabaseCheck {
    /// The database file the server keeps in its data directory.
    public static func databasePath(in dataDirectory: String) -> String {
        dataDirectory + "/face-service.sqlite"
    }

    /// The result of `PRAGMA integrity_check` ("ok" when sound); call it while no server runs.
    public static func integrity(ofDataDirectory dataDirectory: String) throws -> String {
        var handle: OpaquePointer?
        // Read-write so that a WAL left by a killed server is replayed as a restart would.
        guard sqlite3_open_v2(databasePath(in: dataDirectory), &handle, SQLITE_OPEN_READWRITE, nil) == SQLITE_OK,
              let handle else {
            sqlite3_close_v2(handle)
            throw DatabaseCheckError.cannotOpen(dataDirectory)
        }
        defer { sqlite3_close_v2(handle) }
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(handle, "PRAGMA integrity_check", -1, &statement, nil) == SQLITE_OK else {
            throw DatabaseCheckError.failed(String(cString: sqlite3_errmsg(handle)))
        }
        defer { sqlite3_finalize(statement) }
        var lines: [String] = []
        while sqlite3_step(statement) == SQLITE_ROW {
            lines.append(sqlite3_column_text(statement, 0).map { String(cString: $0) } ?? "")
        }
        return lines.joined(separator: "\n")
    }

    /// The database could not be opened or checked.
    public enum DatabaseCheckError: Error {
        case cannotOpen(String)
        case failed(String)
    }
}
