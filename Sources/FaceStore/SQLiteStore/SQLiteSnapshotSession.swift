// Design note: an export reads a library and all its faces from one read
// transaction while its caller writes them out (async work between batches).
// A pooled reader cannot be held across those awaits, so the session opens a
// connection of its own, keeps the transaction open on it, and the store runs
// each of its steps on the executor's reader lanes (never on the cooperative
// pool). One caller steps a session at a time, awaiting each step.

/// One library read from one SQLite snapshot, a batch of faces at a time.
final class SQLiteSnapshotSession: @unchecked Sendable {
    // @unchecked: the connection and statement are used by one step at a
    // time (the caller awaits each), as `SQLiteConnection` requires.
    private let connection: SQLiteConnection
    private var faces: SQLiteStatement?
    /// The library as of the snapshot; nil when there is none.
    let library: LibraryRecord?

    /// Opens a connection, begins a read transaction and reads the library row.
    init(opener: DatabaseOpener, libraryID: Int64) throws {
        connection = try opener.connection()
        try connection.execute("BEGIN DEFERRED")
        do {
            library = try connection.prepare("SELECT \(SQLiteFaceStore.libraryColumns) FROM libraries WHERE id = ?1")
                .bind(.integer(libraryID))
                .firstRow(SQLiteFaceStore.libraryRecord)
            faces = try connection.prepare("""
                SELECT id, library_id, face_token, user_id, user_data, add_time, model_version, embedding
                FROM faces WHERE library_id = ?1 ORDER BY id
                """).bind(.integer(libraryID))
        } catch {
            try? connection.execute("COMMIT")
            throw error
        }
    }

    /// Up to `limit` more faces; nil after the last one.
    func nextBatch(limit: Int) throws -> [StoredFace]? {
        guard let statement = faces else { return nil }
        var batch: [StoredFace] = []
        while batch.count < limit, try statement.step() {
            batch.append(StoredFace(
                record: FaceRecord(id: statement.int64(0), libraryID: statement.int64(1), faceToken: statement.text(2),
                                   userID: statement.text(3), userData: statement.text(4), addTime: statement.int64(5),
                                   modelVersion: statement.text(6)),
                embedding: statement.withBlob(7, EmbeddingCodec.decode)))
        }
        if batch.count < limit { faces = nil }
        return batch.isEmpty ? nil : batch
    }

    /// Ends the read transaction (the connection closes with the session).
    func end() {
        faces = nil
        try? connection.execute("COMMIT")
    }
}
