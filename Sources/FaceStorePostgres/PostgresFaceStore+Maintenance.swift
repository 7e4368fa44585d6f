import FaceStore
import PostgresNIO

extension PostgresFaceStore {
    public func backup(to path: String) async throws {
        throw StorageError(.unsupported, "backups of a PostgreSQL database are made with PostgreSQL's own tools: "
                           + "pg_dump -Fc (while servers run) and pg_restore, or pg_basebackup; keep a copy of "
                           + "the sealing key file with them")
    }

    public func shutDown() async throws -> Bool {
        exactLookups.close()
        await executor.shutDown()
        return true
    }

    public func checkWritable() async throws {
        let state: (Bool, Bool)?
        do {
            // Short: a readiness probe answers within its own deadline (2 s).
            state = try await executor.withConnection(within: .milliseconds(1500), doing: "check the database") {
                [logger] connection in
                try await connection.firstRow(
                    "SELECT pg_is_in_recovery(), current_setting('transaction_read_only') = 'on'", logger: logger)?
                    .decode((Bool, Bool).self)
            }
        } catch {
            // The pool only says it got no connection; a login of its own says why.
            throw StorageError(.unavailable, "\(url): \(await PostgresLogin.problem(url, timeouts: timeouts) ?? "\(error)")")
        }
        if state?.0 == true { throw StorageError(.unavailable, "\(url) is a standby (in recovery): read-only") }
        if state?.1 == true { throw StorageError(.unavailable, "\(url) is read-only (default_transaction_read_only)") }
    }

    public func consistencyReport() async throws -> ConsistencyReport {
        try await executor.snapshot(within: timeouts.bulk, doing: "check consistency") {
            [logger, timeouts] connection -> ConsistencyReport in
            try await connection.run("SET LOCAL statement_timeout = \(unescaped: "\(timeouts.bulk.milliseconds)")",
                                     logger: logger)
            // The foreign keys hold by construction; counted anyway, as the SQLite store does.
            let orphans = try await connection.firstRow("""
                SELECT (SELECT count(*) FROM faces f WHERE NOT EXISTS (SELECT 1 FROM libraries l WHERE l.id = f.library_id))
                     + (SELECT count(*) FROM libraries l WHERE NOT EXISTS (SELECT 1 FROM apps a WHERE a.id = l.app_id))
                """, logger: logger)?.decode(Int.self) ?? 0
            let mismatches = try await connection.rows("""
                SELECT l.id, l.face_count, count(f.id) FROM libraries l LEFT JOIN faces f ON f.library_id = l.id
                GROUP BY l.id HAVING l.face_count <> count(f.id) ORDER BY l.id
                """, logger: logger).map { row in
                    let (id, recorded, actual) = try row.decode((Int64, Int, Int).self)
                    return ConsistencyReport.CountMismatch(libraryID: id, recorded: recorded, actual: actual)
                }
            let shapes = try await connection.rows("""
                SELECT f.library_id, l.model_version, f.model_version, octet_length(f.embedding), count(*)
                FROM faces f JOIN libraries l ON l.id = f.library_id WHERE l.freed_at IS NULL
                GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
                """, logger: logger).map { row in
                    let (id, libraryModel, faceModel, bytes, faces) = try row.decode((Int64, String, String, Int32, Int).self)
                    return ConsistencyReport.EmbeddingShape(libraryID: id, libraryModel: libraryModel, faceModel: faceModel,
                                                            embeddingBytes: Int(bytes), faces: faces)
                }
            return ConsistencyReport(integrityProblems: [], foreignKeyViolations: orphans, countMismatches: mismatches,
                                     embeddingShapes: shapes)
        }
    }
}
