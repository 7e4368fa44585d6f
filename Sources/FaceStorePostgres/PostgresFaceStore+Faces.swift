import FaceStore
import PostgresNIO

extension PostgresFaceStore {
    static let faceColumns = "id, library_id, face_token, user_id, user_data, add_time, model_version"

    public func insertFace(_ face: NewFaceRecord, maxAppFaces: Int) async throws -> FaceInsertOutcome {
        do {
            return try await executor.transaction(within: timeouts.call, doing: "add face") {
                [logger] connection -> FaceInsertOutcome in
                guard let appID = try await connection.firstRow("""
                    SELECT app_id FROM libraries WHERE id = \(face.libraryID) AND freed_at IS NULL
                    """, logger: logger)?.decode(Int64.self) else { return .libraryNotFound }
                try await Self.lockApp(appID, on: connection, logger: logger)
                if try await Self.faceTotal(appID: appID, on: connection, logger: logger) >= maxAppFaces {
                    return .limitReached
                }
                // The library row's lock, taken here, is what a concurrent free waits for.
                guard let count = try await connection.firstRow("""
                    UPDATE libraries SET face_count = face_count + 1, change_seq = change_seq + 1
                    WHERE id = \(face.libraryID) AND freed_at IS NULL RETURNING face_count
                    """, logger: logger)?.decode(Int.self) else { return .libraryNotFound }
                guard let id = try await connection.firstRow("""
                    INSERT INTO faces (library_id, face_token, user_id, user_data, add_time, model_version, embedding)
                    VALUES (\(face.libraryID), \(face.faceToken), \(face.userID), \(face.userData), \(face.addTime),
                            \(face.modelVersion), \(ByteBuffer(bytes: EmbeddingCodec.encode(face.embedding))))
                    RETURNING id
                    """, logger: logger)?.decode(Int64.self) else { throw StorageError(.failed, "add face: no id returned") }
                return .inserted(Self.record(of: face, id: id), libraryFaceCount: count)
            }
        } catch let error as StorageError where error.reason == .commitOutcomeUnknown {
            // The token is unique: finding it means the COMMIT took effect.
            guard let stored = try await self.face(libraryID: face.libraryID, token: face.faceToken),
                  let library = try await library(id: face.libraryID) else { throw error }
            return .inserted(stored, libraryFaceCount: library.faceCount)
        }
    }

    static func record(of face: NewFaceRecord, id: Int64) -> FaceRecord {
        FaceRecord(id: id, libraryID: face.libraryID, faceToken: face.faceToken, userID: face.userID,
                   userData: face.userData, addTime: face.addTime, modelVersion: face.modelVersion)
    }

    /// The live library with this row id.
    func library(id: Int64) async throws -> LibraryRecord? {
        try await executor.withConnection(within: timeouts.call, doing: "read library") { [logger] connection in
            try await connection.firstRow("""
                SELECT \(unescaped: Self.libraryColumns) FROM libraries WHERE id = \(id) AND freed_at IS NULL
                """, logger: logger).map(Self.libraryRecord)
        }
    }

    public func faces(libraryID: Int64, offset: Int, limit: Int) async throws -> [FaceRecord] {
        try await executor.withConnection(within: timeouts.call, doing: "list faces") { [logger] connection in
            try await connection.rows("""
                SELECT \(unescaped: Self.faceColumns) FROM faces WHERE library_id = \(libraryID)
                ORDER BY id LIMIT \(limit) OFFSET \(offset)
                """, logger: logger).map(Self.faceRecord)
        }
    }

    public func faces(libraryID: Int64, ids: [Int64]) async throws -> [FaceRecord] {
        let found = try await executor.withConnection(within: timeouts.call, doing: "read faces") { [logger] connection in
            try await connection.rows("""
                SELECT \(unescaped: Self.faceColumns) FROM faces WHERE library_id = \(libraryID) AND id = ANY(\(ids))
                """, logger: logger).map(Self.faceRecord)
        }
        // In the order asked for, as the SQLite store answers.
        let byID = Dictionary(found.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        return ids.compactMap { byID[$0] }
    }

    public func face(libraryID: Int64, token: String) async throws -> FaceRecord? {
        try await executor.withConnection(within: timeouts.call, doing: "read face") { [logger] connection in
            try await connection.firstRow("""
                SELECT \(unescaped: Self.faceColumns) FROM faces WHERE face_token = \(token) AND library_id = \(libraryID)
                """, logger: logger).map(Self.faceRecord)
        }
    }

    public func deleteFaces(libraryID: Int64, tokens: [String]) async throws -> FaceDeletion? {
        try await executor.transaction(within: timeouts.call, doing: "delete faces") {
            [logger] connection -> FaceDeletion? in
            guard try await connection.firstRow("""
                SELECT 1 FROM libraries WHERE id = \(libraryID) AND freed_at IS NULL FOR NO KEY UPDATE
                """, logger: logger) != nil else { return nil }
            var removed: [String: Int64] = [:]
            for row in try await connection.rows("""
                DELETE FROM faces WHERE library_id = \(libraryID) AND face_token = ANY(\(tokens)) RETURNING face_token, id
                """, logger: logger) {
                let (token, id) = try row.decode((String, Int64).self)
                removed[token] = id
            }
            let remaining = try await connection.firstRow("""
                UPDATE libraries SET face_count = face_count - \(removed.count),
                                     change_seq = change_seq + \(removed.isEmpty ? 0 : 1)
                WHERE id = \(libraryID) RETURNING face_count
                """, logger: logger)?.decode(Int.self) ?? 0
            return FaceDeletion(removed: removed, remainingCount: remaining)
        }
    }

    public func embeddings(libraryID: Int64, batchSize: Int) -> AsyncThrowingStream<[EmbeddingRecord], any Error> {
        let limit = max(1, batchSize)
        return DemandDrivenStream.make { [executor, timeouts] deliver in
            // One snapshot for the whole library (paging by id > last is not
            // one: ids are taken at insert and become visible at commit).
            try await executor.snapshot(within: timeouts.bulk, doing: "load library embeddings") { [logger = executor.logger] connection in
                try await connection.run("SET LOCAL statement_timeout = \(unescaped: "\(timeouts.bulk.milliseconds)")",
                                         logger: logger)
                var batch: [EmbeddingRecord] = []
                batch.reserveCapacity(limit)
                let rows = try await connection.query(
                    "SELECT id, embedding FROM faces WHERE library_id = \(libraryID) ORDER BY id", logger: logger)
                for try await row in rows {
                    let (id, embedding) = try row.decode((Int64, ByteBuffer).self)
                    batch.append(EmbeddingRecord(faceID: id,
                                                 embedding: embedding.withUnsafeReadableBytes(EmbeddingCodec.decode)))
                    if batch.count == limit {
                        guard await deliver(batch) else { return }
                        batch.removeAll(keepingCapacity: true)
                    }
                }
                if !batch.isEmpty { _ = await deliver(batch) }
            }
        }
    }

    public func exactEmbeddings(libraryID: Int64, ids: [Int64]) throws -> [Int64: [Float]] {
        try exactLookups.embeddings(libraryID: libraryID, ids: ids)
    }

    static func faceRecord(_ row: PostgresRow) throws -> FaceRecord {
        let (id, libraryID, token, userID, userData, addTime, modelVersion) =
            try row.decode((Int64, Int64, String, String, String, Int64, String).self)
        return FaceRecord(id: id, libraryID: libraryID, faceToken: token, userID: userID, userData: userData,
                          addTime: addTime, modelVersion: modelVersion)
    }
}
