/// A database file opened read-only, to inspect and copy it: a backup about
/// to be restored.
public final class SnapshotFile: @unchecked Sendable {
    // @unchecked: one connection, used only by the thread that calls these
    // synchronous methods (the restore command), never shared.
    private let connection: SQLiteConnection
    /// The file.
    public let path: String

    /// Opens `path` read-only; throws when it is not an SQLite database.
    public init(path: String) throws {
        self.path = path
        connection = try SQLiteConnection(path: path, access: .readOnly)
        // Reading the schema fails early for a file that is not a database.
        _ = try connection.prepare("SELECT count(*) FROM sqlite_schema").firstRow { $0.int(0) }
    }

    /// Lines of `PRAGMA integrity_check` other than "ok"; empty when the file is sound.
    public func integrityProblems() throws -> [String] {
        try connection.prepare("PRAGMA integrity_check").rows { $0.text(0) }.filter { $0 != "ok" }
    }

    /// The highest migration recorded in the file; 0 when it has none.
    public func schemaVersion() throws -> Int {
        let hasTable = try connection.prepare(
            "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'").firstRow { _ in true }
        guard hasTable == true else { return 0 }
        return try connection.prepare("SELECT coalesce(max(version), 0) FROM schema_migrations").firstRow { $0.int(0) } ?? 0
    }

    /// Every app in the file, oldest first.
    public func apps() throws -> [AppRecord] {
        try connection.prepare("SELECT \(SQLiteFaceStore.appColumns) FROM apps ORDER BY id").rows(SQLiteFaceStore.appRecord)
    }

    /// Rows in the apps, libraries and faces tables.
    public func rowCounts() throws -> (apps: Int, libraries: Int, faces: Int) {
        try connection.prepare("""
            SELECT (SELECT count(*) FROM apps), (SELECT count(*) FROM libraries), (SELECT count(*) FROM faces)
            """).firstRow { (apps: $0.int(0), libraries: $0.int(1), faces: $0.int(2)) } ?? (0, 0, 0)
    }

    /// Writes a copy of the file to a new file at `path`, durably.
    public func copy(to path: String) throws {
        try connection.vacuum(into: path)
    }
}
