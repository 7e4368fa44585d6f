import FaceStore
import Foundation
import PostgresNIO

extension PostgresFaceStore {
    /// Faces per batch of an export, and per statement of an import.
    static let transferBatchSize = 1024

    public func withLibrarySnapshot<T: Sendable>(
        libraryID: Int64, _ body: @escaping @Sendable (LibraryRecord, FaceCursor) async throws -> T
    ) async throws -> T? {
        try await executor.snapshot(within: timeouts.bulk, doing: "read library snapshot") {
            [logger, timeouts] connection -> T? in
            try await connection.run("SET LOCAL statement_timeout = \(unescaped: "\(timeouts.bulk.milliseconds)")",
                                     logger: logger)
            guard let library = try await connection.firstRow("""
                SELECT \(unescaped: Self.libraryColumns) FROM libraries WHERE id = \(libraryID) AND freed_at IS NULL
                """, logger: logger).map(Self.libraryRecord) else { return nil }
            let rows = try await connection.query("""
                SELECT \(unescaped: Self.faceColumns), embedding FROM faces WHERE library_id = \(libraryID) ORDER BY id
                """, logger: logger)
            let reader = RowReader(rows.makeAsyncIterator())
            return try await body(library, FaceCursor { try await reader.next(Self.transferBatchSize) })
        }
    }

    public func importLibrary(_ library: NewLibraryRecord, maxLibraries: Int, maxAppFaces: Int,
                              faces nextFace: @escaping @Sendable () throws -> NewFaceRecord?) async throws -> LibraryImportOutcome {
        do {
            let outcome = try await executor.transaction(within: timeouts.bulk, doing: "import library") {
                [logger, timeouts] connection -> LibraryImportOutcome in
                try await connection.run("SET LOCAL statement_timeout = \(unescaped: "\(timeouts.bulk.milliseconds)")",
                                         logger: logger)
                switch try await Self.insertLibraryRow(library, maxLibraries: maxLibraries, on: connection, logger: logger) {
                case .duplicateGroupID: return .duplicateGroupID
                case .limitReached: return .libraryLimitReached
                case .inserted(let record):
                    var total = 0
                    while true {
                        var batch: [NewFaceRecord] = []
                        while batch.count < Self.transferBatchSize, var face = try nextFace() {
                            face.libraryID = record.id
                            batch.append(face)
                        }
                        if batch.isEmpty { break }
                        do {
                            _ = try await Self.insertFaceRows(batch, on: connection, logger: logger)
                        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {
                            throw ImportAbort(outcome: .duplicateFaceToken(Self.duplicateToken(in: error) ?? "?"))
                        }
                        total += batch.count
                    }
                    let seq = try await connection.firstRow("""
                        UPDATE libraries SET face_count = \(total), change_seq = change_seq + 1 WHERE id = \(record.id)
                        RETURNING change_seq
                        """, logger: logger)?.decode(Int64.self) ?? 0
                    guard try await Self.faceTotal(appID: library.appID, on: connection, logger: logger) <= maxAppFaces else {
                        throw ImportAbort(outcome: .faceLimitReached)
                    }
                    _ = try await Self.recordChange(libraryID: record.id, seq: seq, .import, on: connection, logger: logger)
                    var stored = record
                    stored.faceCount = total
                    return .imported(stored)
                }
            }
            if case .imported(let record) = outcome { notifier?.changed(record.id) }
            return outcome
        } catch let abort as ImportAbort {
            return abort.outcome
        }
    }

    /// Inserts faces in one statement (arrays unnested in order); returns their ids in that order.
    static func insertFaceRows(_ faces: [NewFaceRecord], on connection: PostgresConnection,
                               logger: Logger) async throws -> [Int64] {
        let rows = try await connection.rows("""
            INSERT INTO faces (library_id, face_token, user_id, user_data, add_time, model_version, embedding)
            SELECT * FROM unnest(\(faces.map(\.libraryID))::bigint[], \(faces.map(\.faceToken))::text[],
                                 \(faces.map(\.userID))::text[], \(faces.map(\.userData))::text[],
                                 \(faces.map(\.addTime))::bigint[], \(faces.map(\.modelVersion))::text[],
                                 \(faces.map { ByteBuffer(bytes: EmbeddingCodec.encode($0.embedding)) })::bytea[])
            RETURNING face_token, id
            """, logger: logger)
        var ids: [String: Int64] = [:]
        for row in rows {
            let (token, id) = try row.decode((String, Int64).self)
            ids[token] = id
        }
        return try faces.map { face in
            guard let id = ids[face.faceToken] else { throw StorageError(.failed, "insert faces: no id for a face") }
            return id
        }
    }

    /// The face token named by a unique violation's detail: `Key (face_token)=(…) already exists.`
    static func duplicateToken(in error: PSQLError) -> String? {
        guard let detail = error.serverInfo?[.detail], let open = detail.range(of: "=(") else { return nil }
        let rest = detail[open.upperBound...]
        return rest.firstIndex(of: ")").map { String(rest[..<$0]) }
    }
}

/// Rolls an import back (by being thrown out of its transaction) and says why.
private struct ImportAbort: Error {
    let outcome: LibraryImportOutcome
}

/// Reads stored faces from a row sequence, a batch per call; used by one task at a time.
private final class RowReader: @unchecked Sendable {
    private var rows: PostgresRowSequence.AsyncIterator
    private var done = false

    init(_ rows: PostgresRowSequence.AsyncIterator) {
        self.rows = rows
    }

    func next(_ limit: Int) async throws -> [StoredFace]? {
        guard !done else { return nil }
        var batch: [StoredFace] = []
        while batch.count < limit, let row = try await rows.next() {
            let (id, libraryID, token, userID, userData, addTime, modelVersion, embedding) =
                try row.decode((Int64, Int64, String, String, String, Int64, String, ByteBuffer).self)
            batch.append(StoredFace(
                record: FaceRecord(id: id, libraryID: libraryID, faceToken: token, userID: userID, userData: userData,
                                   addTime: addTime, modelVersion: modelVersion),
                embedding: embedding.withUnsafeReadableBytes(EmbeddingCodec.decode)))
        }
        if batch.count < limit { done = true }
        return batch.isEmpty ? nil : batch
    }
}
