// Design note: whole-database and bulk operations that ops tools need and
// the request path never does, in terms that do not depend on the backend.
// Each keeps the store's durability promise: an import is one write
// transaction, so a library appears with all its faces or not at all; an
// export reads one snapshot (SQLite: one read transaction; PostgreSQL: one
// REPEATABLE READ transaction), so it never mixes two states; a backup
// (SQLite only: PostgreSQL has pg_dump) is one read snapshot written to a
// new file and fsynced before returning. Errors are `StorageError`.

/// Backup, consistency checks, readiness, bulk loads and library transfer.
public protocol StorageMaintenance: Sendable {
    /// Whether the database was opened for writes.
    var access: DatabaseAccess { get }
    /// Migration versions recorded in the database, ascending.
    func appliedMigrations() async throws -> [Int]
    /// Writes a consistent, compacted copy of the whole database to a new file
    /// at `path`; `StorageError.unsupported` where the backend has its own tools.
    func backup(to path: String) async throws
    /// The database's own integrity check and the store's consistency rules.
    func consistencyReport() async throws -> ConsistencyReport
    /// Ends the store's use at a clean stop: SQLite copies its WAL into the
    /// main file (false when a reader kept some frames back); PostgreSQL
    /// closes its connections. Nothing may use the store afterwards.
    func shutDown() async throws -> Bool
    /// Throws unless the database accepts writes right now (reachable, open
    /// for writes, the write lock obtainable, and after a failed write a
    /// commit succeeding again).
    func checkWritable() async throws
    /// Runs `body` on one library and a cursor over its faces (creation order,
    /// with embeddings), all read from one snapshot; nil when there is no such library.
    func withLibrarySnapshot<T: Sendable>(
        libraryID: Int64, _ body: @escaping @Sendable (LibraryRecord, FaceCursor) async throws -> T
    ) async throws -> T?
    /// Creates `library` and inserts every face `nextFace` yields, in one transaction,
    /// unless the group_id is taken, a quota would be exceeded or a face token exists.
    /// `nextFace` may block briefly (it reads a file); it is never called concurrently.
    func importLibrary(_ library: NewLibraryRecord, maxLibraries: Int, maxAppFaces: Int,
                       faces nextFace: @escaping @Sendable () throws -> NewFaceRecord?) async throws -> LibraryImportOutcome
    /// Inserts `faces` (any libraries) in one transaction, unless a library is
    /// gone or an app would then hold more than `maxAppFaces` faces (seeding,
    /// benchmarks). Pass batches of 10,000–100,000 faces: each call is one commit.
    func insertFaces(_ faces: [NewFaceRecord], maxAppFaces: Int) async throws -> FaceBatchInsertOutcome
}

/// What happened to a library import.
public enum LibraryImportOutcome: Sendable, Equatable {
    /// Created, with this many faces.
    case imported(LibraryRecord)
    /// The app already has a library with this group_id.
    case duplicateGroupID
    /// The app already holds its maximum number of libraries.
    case libraryLimitReached
    /// The faces would take the app over its face quota.
    case faceLimitReached
    /// A face token already exists in this database.
    case duplicateFaceToken(String)
}
