// Design note: whole-database and bulk operations that ops tools need and
// the request path never does. Each keeps the store's durability promise:
// a backup is one read snapshot (writers go on meanwhile, WAL readers never
// block them) written to a new file and fsynced before returning; an import
// is one write transaction, so a library appears with all its faces or not
// at all; an export reads one snapshot, so it never mixes two states.

/// Backup, consistency checks, WAL checkpoints and library transfer.
public protocol StorageMaintenance: Sendable {
    /// Whether the database was opened for writes.
    var access: DatabaseAccess { get }
    /// Writes a consistent, compacted copy of the whole database to a new file at `path`.
    func backup(to path: String) async throws
    /// The result of SQLite's integrity check and of the store's own consistency rules.
    func consistencyReport() async throws -> ConsistencyReport
    /// Copies every committed page from the WAL into the database file and
    /// truncates the WAL; false when a reader kept some pages from being copied.
    func checkpoint() async throws -> Bool
    /// Throws unless the database accepts writes right now: it was opened for
    /// writes, takes the write lock, and (after a write failed) commits again.
    func checkWritable() async throws
    /// Runs `body` on one library and a cursor over its faces (creation order,
    /// with embeddings), all read from one snapshot; nil when there is no such library.
    func withLibrarySnapshot<T: Sendable>(
        libraryID: Int64, _ body: @escaping @Sendable (LibraryRecord, inout FaceCursor) throws -> T
    ) async throws -> T?
    /// Creates `library` and inserts every face `nextFace` yields, in one transaction,
    /// unless the group_id is taken, a quota would be exceeded or a face token exists.
    func importLibrary(_ library: NewLibraryRecord, maxLibraries: Int, maxAppFaces: Int,
                       faces nextFace: @escaping @Sendable () throws -> NewFaceRecord?) async throws -> LibraryImportOutcome
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
