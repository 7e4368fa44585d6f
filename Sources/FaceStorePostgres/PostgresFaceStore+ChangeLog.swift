import FaceStore
import Foundation
import PostgresNIO

// Design note: the write paths log their changes through `advanceLog` and
// `recordChange`, always in this order inside the writing transaction:
// advanceLog bumps `change_seq` under the library row's lock (which
// serialises every change of the library, so sequence numbers are gapless
// and in commit order) and returns the previous change's tag; recordChange,
// the transaction's last statement, writes the log row with a fresh random
// tag and the database clock (so `committed_at` is within a COMMIT of the
// real commit time). The commit is then announced by `ChangeNotifier`.

extension PostgresFaceStore: LibraryChangeLog {
    /// What a log row records, as the `op` column spells it.
    enum LoggedOperation: String {
        case add, delete, free, `import`
    }

    /// Moves the live library's log one change forward, under its row lock,
    /// adjusting its face count by `faceCountDelta`. Returns the position
    /// before (tag 0 when that row is not there), the new seq and the new
    /// face count; nil when the library is gone or freed.
    static func advanceLog(libraryID: Int64, faceCountDelta: Int, on connection: PostgresConnection,
                           logger: Logger) async throws -> (previous: ChangePosition, seq: Int64, faceCount: Int)? {
        guard let row = try await connection.firstRow("""
            UPDATE libraries SET face_count = face_count + \(faceCountDelta), change_seq = change_seq + 1
            WHERE id = \(libraryID) AND freed_at IS NULL
            RETURNING change_seq, face_count,
                      (SELECT tag FROM library_changes c WHERE c.library_id = libraries.id AND c.seq = libraries.change_seq - 1)
            """, logger: logger) else { return nil }
        let (seq, faceCount, previousTag) = try row.decode((Int64, Int, Int64?).self)
        return (ChangePosition(seq: seq - 1, tag: previousTag ?? 0), seq, faceCount)
    }

    /// Writes the log row of change `seq` (already counted in `change_seq`);
    /// returns its position.
    static func recordChange(libraryID: Int64, seq: Int64, _ operation: LoggedOperation, faceIDs: [Int64] = [],
                             on connection: PostgresConnection, logger: Logger) async throws -> ChangePosition {
        let tag = Int64.random(in: .min ... .max)
        try await connection.run("""
            INSERT INTO library_changes (library_id, seq, tag, op, face_ids, committed_at)
            VALUES (\(libraryID), \(seq), \(tag), \(operation.rawValue), \(faceIDs),
                    (extract(epoch FROM clock_timestamp()) * 1000000)::bigint)
            """, logger: logger)
        return ChangePosition(seq: seq, tag: tag)
    }

    public func versionedLibrary(appID: Int64, groupID: String) async throws -> (record: LibraryRecord, head: LibraryHead)? {
        try await executor.withConnection(within: timeouts.call, doing: "read library") { [logger] connection in
            guard let row = try await connection.firstRow("""
                SELECT \(unescaped: Self.libraryColumns), incarnation, change_seq FROM libraries
                WHERE app_id = \(appID) AND group_id = \(groupID) AND freed_at IS NULL
                """, logger: logger) else { return nil }
            let record = try Self.libraryRecord(row)
            let columns = row.makeRandomAccess()
            return (record, LibraryHead(libraryID: record.id, incarnation: try columns["incarnation"].decode(UUID.self),
                                        seq: try columns["change_seq"].decode(Int64.self), faceCount: record.faceCount))
        }
    }

    public func libraryHeads() async throws -> [LibraryHead] {
        try await executor.withConnection(within: timeouts.call, doing: "read library heads") { [logger] connection in
            try await connection.rows(
                "SELECT id, incarnation, change_seq, face_count FROM libraries WHERE freed_at IS NULL ORDER BY id",
                logger: logger
            ).map { row in
                let (id, incarnation, seq, faceCount) = try row.decode((Int64, UUID, Int64, Int).self)
                return LibraryHead(libraryID: id, incarnation: incarnation, seq: seq, faceCount: faceCount)
            }
        }
    }

    public func changes(libraryID: Int64, from seq: Int64, limit: Int) async throws -> [LibraryChange] {
        try await executor.withConnection(within: timeouts.call, doing: "read library changes") { [logger] connection in
            // One statement, one snapshot: an added face missing here was
            // deleted by a change that is in the same result.
            let rows = try await connection.query("""
                SELECT c.seq, c.tag, c.op, c.committed_at, u.id, f.embedding
                FROM (SELECT seq, tag, op, committed_at, face_ids FROM library_changes
                      WHERE library_id = \(libraryID) AND seq >= \(seq) ORDER BY seq LIMIT \(max(1, limit))) c
                LEFT JOIN LATERAL unnest(c.face_ids) WITH ORDINALITY AS u(id, n) ON true
                LEFT JOIN faces f ON c.op = 'add' AND f.id = u.id AND f.library_id = \(libraryID)
                ORDER BY c.seq, u.n
                """, logger: logger)
            var changes: [LibraryChange] = []
            var builder: ChangeBuilder?
            for try await row in rows {
                let (seq, tag, op, committedAt, faceID, embedding) =
                    try row.decode((Int64, Int64, String, Int64, Int64?, ByteBuffer?).self)
                if builder?.seq != seq {
                    if let done = builder?.change() { changes.append(done) }
                    builder = ChangeBuilder(seq: seq, tag: tag, op: op, committedAt: committedAt)
                }
                builder?.add(faceID: faceID, embedding: embedding)
            }
            if let done = builder?.change() { changes.append(done) }
            return changes
        }
    }

    public func librarySnapshot(libraryID: Int64, batchSize: Int) -> AsyncThrowingStream<LibrarySnapshotPart, any Error> {
        let limit = max(1, batchSize)
        return DemandDrivenStream.make { [executor, timeouts] deliver in
            try await executor.snapshot(within: timeouts.bulk, doing: "load library snapshot") {
                [logger = executor.logger] connection in
                try await connection.run("SET LOCAL statement_timeout = \(unescaped: "\(timeouts.bulk.milliseconds)")",
                                         logger: logger)
                guard let row = try await connection.firstRow("""
                    SELECT l.incarnation, l.change_seq, l.face_count,
                           (SELECT tag FROM library_changes c WHERE c.library_id = l.id AND c.seq = l.change_seq)
                    FROM libraries l WHERE l.id = \(libraryID) AND l.freed_at IS NULL
                    """, logger: logger) else { return }
                let (incarnation, seq, faceCount, tag) = try row.decode((UUID, Int64, Int, Int64?).self)
                guard await deliver(.header(head: LibraryHead(libraryID: libraryID, incarnation: incarnation, seq: seq,
                                                              faceCount: faceCount),
                                            position: ChangePosition(seq: seq, tag: tag ?? 0))) else { return }
                try await Self.streamEmbeddings(libraryID: libraryID, batchSize: limit, on: connection, logger: logger) {
                    await deliver(.faces($0))
                }
            }
        }
    }

    public func insertLoggedFace(_ face: NewFaceRecord, maxAppFaces: Int) async throws -> (FaceInsertOutcome, ChangeReceipt?) {
        let (outcome, receipt) = try await insertFaceReportingChange(face, maxAppFaces: maxAppFaces)
        if receipt != nil { notifier?.changed(face.libraryID) }
        return (outcome, receipt)
    }

    public func deleteLoggedFaces(libraryID: Int64, tokens: [String]) async throws -> (FaceDeletion?, ChangeReceipt?) {
        let (deletion, receipt) = try await deleteFacesReportingChange(libraryID: libraryID, tokens: tokens)
        if receipt != nil { notifier?.changed(libraryID) }
        return (deletion, receipt)
    }

    public func pruneChanges(committedBefore cutoff: Int64) async throws -> Int {
        try await executor.transaction(within: timeouts.bulk, doing: "prune library changes") { [logger, timeouts] connection in
            try await connection.run("SET LOCAL statement_timeout = \(unescaped: "\(timeouts.bulk.milliseconds)")",
                                     logger: logger)
            // A live library's latest row stays: nodes check their position against it.
            return try await connection.rows("""
                DELETE FROM library_changes c USING libraries l
                WHERE l.id = c.library_id AND c.committed_at < \(cutoff)
                  AND (c.seq < l.change_seq OR l.freed_at IS NOT NULL)
                RETURNING 1
                """, logger: logger).count
        }
    }

    public func databaseTime() async throws -> Int64 {
        try await executor.withConnection(within: timeouts.call, doing: "read the database clock") { [logger] connection in
            try await connection.firstRow("SELECT (extract(epoch FROM clock_timestamp()) * 1000000)::bigint",
                                          logger: logger)?.decode(Int64.self) ?? 0
        }
    }
}

/// Collects the rows of one change (one per face id) into a `LibraryChange`.
private struct ChangeBuilder {
    let seq: Int64
    let tag: Int64
    let op: String
    let committedAt: Int64
    private var faceIDs: [Int64] = []
    private var added: [EmbeddingRecord] = []

    init(seq: Int64, tag: Int64, op: String, committedAt: Int64) {
        self.seq = seq
        self.tag = tag
        self.op = op
        self.committedAt = committedAt
    }

    mutating func add(faceID: Int64?, embedding: ByteBuffer?) {
        guard let faceID else { return }
        faceIDs.append(faceID)
        if let embedding {
            added.append(EmbeddingRecord(faceID: faceID, embedding: embedding.withUnsafeReadableBytes(EmbeddingCodec.decode)))
        }
    }

    func change() -> LibraryChange {
        let operation: LibraryChange.Operation = switch op {
        case "add": .added(added)
        case "delete": .removed(faceIDs)
        case "free": .freed
        default: .replaced
        }
        return LibraryChange(seq: seq, tag: tag, operation: operation, committedAt: committedAt)
    }
}
