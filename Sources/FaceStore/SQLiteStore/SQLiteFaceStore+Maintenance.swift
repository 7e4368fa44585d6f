extension SQLiteFaceStore: StorageMaintenance {
    public func backup(to path: String) async throws {
        // On a reader: VACUUM INTO reads one snapshot and never blocks the writer.
        try await read { try $0.vacuum(into: path) }
    }

    /// Copies every committed page from the WAL into the database file and
    /// truncates the WAL; false when a reader kept some pages from being copied.
    public func checkpoint() async throws -> Bool {
        try await write { connection in
            // The first column is 1 when a reader blocked the checkpoint from completing.
            try connection.prepare("PRAGMA wal_checkpoint(TRUNCATE)").firstRow { $0.int(0) } == 0
        }
    }

    public func shutDown() async throws -> Bool {
        // A read-only file cannot be checkpointed, and nothing was written to it.
        guard access == .readWrite else { return true }
        return try await checkpoint()
    }

    public func checkWritable() async throws {
        // Taking the lock writes nothing, so it cannot tell that the disk
        // refuses writes; after a failed write, a real one (rewriting the
        // header's user_version, one WAL frame) tells when it takes them again.
        // Decided on the writer lane, so that no write fails in between.
        try await write { [health = executor.health] connection in
            if health.failureReason != nil {
                try connection.transaction {
                    let version = try connection.prepare("PRAGMA user_version").firstRow { $0.int(0) } ?? 0
                    try connection.execute("PRAGMA user_version = \(version)")
                }
            } else {
                try connection.execute("BEGIN IMMEDIATE")
                try connection.execute("ROLLBACK")
            }
        }
    }

    public func consistencyReport() async throws -> ConsistencyReport {
        try await read { connection in
            try connection.readTransaction {
                let integrity = try connection.prepare("PRAGMA integrity_check").rows { $0.text(0) }
                let foreignKeys = try connection.prepare("PRAGMA foreign_key_check").rows { _ in 1 }.count
                let mismatches = try connection.prepare("""
                    SELECT id, face_count, actual FROM (
                        SELECT l.id, l.face_count, (SELECT count(*) FROM faces f WHERE f.library_id = l.id) AS actual
                        FROM libraries l)
                    WHERE face_count != actual ORDER BY id
                    """).rows { ConsistencyReport.CountMismatch(libraryID: $0.int64(0), recorded: $0.int(1), actual: $0.int(2)) }
                let shapes = try connection.prepare("""
                    SELECT f.library_id, l.model_version, f.model_version, length(f.embedding), count(*)
                    FROM faces f JOIN libraries l ON l.id = f.library_id
                    GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
                    """).rows {
                        ConsistencyReport.EmbeddingShape(libraryID: $0.int64(0), libraryModel: $0.text(1),
                                                         faceModel: $0.text(2), embeddingBytes: $0.int(3), faces: $0.int(4))
                    }
                return ConsistencyReport(integrityProblems: integrity.filter { $0 != "ok" },
                                         foreignKeyViolations: foreignKeys, countMismatches: mismatches,
                                         embeddingShapes: shapes)
            }
        }
    }
}
