import Foundation
import Logging

// Design note (durability): every public method is one SQLite transaction on
// a WAL database with synchronous=FULL, so when a method returns, its change
// is in the WAL on disk and survives a crash or power loss; when it throws,
// nothing changed. Writes are serialised on one connection (see
// SQLiteExecutor); reads run on a pool and never wait for writes. Other
// processes (facectl) may write the same file at the same time: SQLite's
// file locks and the busy timeout serialise us with them. A database whose
// file or directory cannot be written is served read-only when its schema is
// current (migrations cannot run on it); every write then throws, untried.
// SQLite's errors leave the store as `StorageError` (see `write` and `read`).

/// The SQLite implementation of `FaceStorage`.
public final class SQLiteFaceStore: FaceStorage {
    let executor: SQLiteExecutor
    /// Opens connections the way the executor's readers are opened (snapshot sessions).
    let opener: DatabaseOpener
    /// The database file.
    public let path: String

    /// Opens (creating if needed) the database at `path` and applies pending
    /// migrations; opens an existing database that cannot be written read-only.
    ///
    /// - Parameters:
    ///   - migrations: the schema to bring the database to; the compiled-in catalog by default.
    ///   - readers: how many read connections may be open at once.
    ///   - logger: where the store says that it serves read-only or that its writes fail.
    /// - Throws: `MigrationError.pendingOnReadOnly` for a read-only database whose schema is not current.
    public init(path: String, migrations: [Migration] = MigrationCatalog.all, readers: Int = 4,
                logger: Logger = Logger(label: "FaceStore")) throws {
        self.path = path
        (executor, opener) = try mappingSQLiteErrors {
            try Self.openExecutor(path: path, migrations: migrations, readers: readers, logger: logger)
        }
    }

    private static func openExecutor(path: String, migrations: [Migration], readers: Int,
                                     logger: Logger) throws -> (SQLiteExecutor, DatabaseOpener) {
        let health = WriteHealth(logger: logger)
        if let reason = DatabaseOpener.unwritableReason(path: path) {
            let opener = try DatabaseOpener.readOnly(path: path)
            try MigrationRunner(connection: opener.connection()).requireCurrent(migrations)
            logger.warning("database opened read-only; writes answer 500 INTERNAL_ERROR, reads go on",
                           metadata: ["path": "\(path)", "reason": "\(reason)"])
            return (SQLiteExecutor(opener: opener, writer: nil, access: .readOnly(reason), health: health,
                                   readerLimit: readers), opener)
        } else {
            let opener = DatabaseOpener(path: path, access: .readWrite)
            let writer = try opener.connection()
            try MigrationRunner(connection: writer).migrate(migrations)
            return (SQLiteExecutor(opener: opener, writer: writer, access: .readWrite, health: health,
                                   readerLimit: readers), opener)
        }
    }

    /// Opens the store's database file inside `directory`, creating the directory (0700) if needed.
    public convenience init(directory: String, readers: Int = 4, logger: Logger = Logger(label: "FaceStore")) throws {
        try FileManager.default.createDirectory(
            atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try self.init(path: Self.databasePath(in: directory), readers: readers, logger: logger)
    }

    /// Whether the database was opened for writes.
    public var access: DatabaseAccess { executor.access }

    /// Why the last write failed for a storage reason (full, read-only, I/O
    /// error); nil when it succeeded or none failed.
    public var writeFailure: String? { executor.health.failureReason }

    /// Where the database file lives inside a data directory.
    public static func databasePath(in directory: String) -> String {
        (directory as NSString).appendingPathComponent("face-service.sqlite")
    }

    /// Migration versions recorded in the database, ascending.
    public func appliedMigrations() async throws -> [Int] {
        try await read { try MigrationRunner(connection: $0).appliedVersions() }
    }

    /// Runs `body` on the writer connection, with SQLite's errors in the seam's terms.
    func write<T: Sendable>(_ body: @escaping @Sendable (SQLiteConnection) throws -> T) async throws -> T {
        try await mappingSQLiteErrors { try await executor.write(body) }
    }

    /// Runs `body` on a reader connection, with SQLite's errors in the seam's terms.
    func read<T: Sendable>(_ body: @escaping @Sendable (SQLiteConnection) throws -> T) async throws -> T {
        try await mappingSQLiteErrors { try await executor.read(body) }
    }
}
