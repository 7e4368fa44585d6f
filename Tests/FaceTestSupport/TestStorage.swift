import Foundation

/// Where a test's server keeps its data: a temp data directory and, for the
/// postgres backend, a fresh database on the test cluster.
public struct TestStorage: Sendable {
    public let backend: TestBackend
    public let directory: TemporaryDirectory
    public let database: TestDatabase?

    /// New, empty storage on `backend`.
    public init(_ backend: TestBackend, prefix: String = "face-e2e") throws {
        self.backend = backend
        directory = try TemporaryDirectory(prefix: prefix)
        database = backend == .postgres ? try TestPostgres.makeDatabase() : nil
    }

    /// The `--database-url` of the postgres backend; nil for SQLite.
    public var databaseURL: String? { database?.url }

    /// A server (not started yet) on this storage.
    public func server(extraArguments: [String] = []) -> ServerProcess {
        ServerProcess(dataDirectory: directory.path, databaseURL: databaseURL, extraArguments: extraArguments)
    }

    /// "ok" when the database is sound: SQLite's integrity check, or on
    /// PostgreSQL every library's face_count matching its rows.
    public func integrity() throws -> String {
        guard let database else { return try DatabaseCheck.integrity(ofDataDirectory: directory.path) }
        let mismatched = try database.execute("""
            SELECT count(*) FROM libraries l WHERE face_count <> (SELECT count(*) FROM faces f WHERE f.library_id = l.id)
            """)
        return mismatched == "0" ? "ok" : "\(mismatched) libraries whose face_count differs from their rows"
    }

    /// Removes the directory and drops the database.
    public func remove() {
        directory.remove()
        database?.drop()
    }
}
