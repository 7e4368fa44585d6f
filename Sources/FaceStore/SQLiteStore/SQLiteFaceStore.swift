import Foundation

// Design note (durability): every public method is one SQLite transaction on
// a WAL database with synchronous=FULL, so when a method returns, its change
// is in the WAL on disk and survives a crash or power loss; when it throws,
// nothing changed. Writes are serialised on one connection (see
// SQLiteExecutor); reads run on a pool and never wait for writes. Other
// processes (facectl) may write the same file at the same time: SQLite's
// file locks and the busy timeout serialise us with them.

/// The SQLite implementation of `FaceStorage`.
public final class SQLiteFaceStore: FaceStorage {
    let executor: SQLiteExecutor
    /// The database file.
    public let path: String

    /// Opens (creating if needed) the database at `path` and applies pending migrations.
    ///
    /// - Parameters:
    ///   - migrations: the schema to bring the database to; the compiled-in catalog by default.
    ///   - readers: how many read connections may be open at once.
    public init(path: String, migrations: [Migration] = MigrationCatalog.all, readers: Int = 4) throws {
        self.path = path
        let writer = try SQLiteConnection(path: path)
        try MigrationRunner(connection: writer).migrate(migrations)
        executor = SQLiteExecutor(path: path, writer: writer, readerLimit: readers)
    }

    /// Opens the store's database file inside `directory`, creating the directory (0700) if needed.
    public convenience init(directory: String, readers: Int = 4) throws {
        try FileManager.default.createDirectory(
            atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try self.init(path: Self.databasePath(in: directory), readers: readers)
    }

    /// Where the database file lives inside a data directory.
    public static func databasePath(in directory: String) -> String {
        (directory as NSString).appendingPathComponent("face-service.sqlite")
    }

    /// Migration versions recorded in the database, ascending.
    public func appliedMigrations() async throws -> [Int] {
        try await executor.read { try MigrationRunner(connection: $0).appliedVersions() }
    }
}
