import Synchronization

extension SQLiteFaceStore {
    private static let faceColumns = "id, library_id, face_token, user_id, user_data, add_time, model_version"

    public func insertFace(_ face: NewFaceRecord, maxAppFaces: Int) async throws -> FaceInsertOutcome {
        try await write { connection in
            try connection.transaction {
                guard let appID = try connection.prepare("SELECT app_id FROM libraries WHERE id = ?1")
                    .bind(.integer(face.libraryID))
                    .firstRow({ $0.int64(0) })
                else { return .libraryNotFound }
                if try Self.faceTotal(appID: appID, on: connection) >= maxAppFaces { return .limitReached }
                try Self.insertFaceRow(face, with: connection.prepare(Self.insertFaceSQL))
                let record = FaceRecord(id: connection.lastInsertRowID, libraryID: face.libraryID,
                                        faceToken: face.faceToken, userID: face.userID, userData: face.userData,
                                        addTime: face.addTime, modelVersion: face.modelVersion)
                let count = try connection.prepare("SELECT face_count FROM libraries WHERE id = ?1")
                    .bind(.integer(face.libraryID))
                    .firstRow { $0.int(0) } ?? 0
                return .inserted(record, libraryFaceCount: count)
            }
        }
    }

    static let insertFaceSQL = """
        INSERT INTO faces (library_id, face_token, user_id, user_data, add_time, model_version, embedding)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
        """

    /// Runs `insertFaceSQL` (prepared once by the caller) for one face.
    static func insertFaceRow(_ face: NewFaceRecord, with statement: SQLiteStatement) throws {
        try statement
            .bind(.integer(face.libraryID), .text(face.faceToken), .text(face.userID), .text(face.userData),
                  .integer(face.addTime), .text(face.modelVersion), .blob(EmbeddingCodec.encode(face.embedding)))
            .run()
    }

    public func faces(libraryID: Int64, offset: Int, limit: Int) async throws -> [FaceRecord] {
        try await read { connection in
            try connection.prepare("""
                SELECT \(Self.faceColumns) FROM faces WHERE library_id = ?1 ORDER BY id LIMIT ?2 OFFSET ?3
                """)
                .bind(.integer(libraryID), .int(limit), .int(offset))
                .rows(Self.faceRecord)
        }
    }

    public func faces(libraryID: Int64, ids: [Int64]) async throws -> [FaceRecord] {
        try await read { connection in
            try connection.readTransaction {
                let statement = try connection.prepare(
                    "SELECT \(Self.faceColumns) FROM faces WHERE id = ?1 AND library_id = ?2")
                return try ids.compactMap { id in
                    try statement.bind(.integer(id), .integer(libraryID)).firstRow(Self.faceRecord)
                }
            }
        }
    }

    public func face(libraryID: Int64, token: String) async throws -> FaceRecord? {
        try await read { connection in
            try connection.prepare("SELECT \(Self.faceColumns) FROM faces WHERE face_token = ?1 AND library_id = ?2")
                .bind(.text(token), .integer(libraryID))
                .firstRow(Self.faceRecord)
        }
    }

    public func deleteFaces(libraryID: Int64, tokens: [String]) async throws -> FaceDeletion? {
        try await write { connection in
            try connection.transaction {
                let count = try connection.prepare("SELECT face_count FROM libraries WHERE id = ?1")
                guard try count.bind(.integer(libraryID)).firstRow({ _ in true }) != nil else { return nil }
                let delete = try connection.prepare(
                    "DELETE FROM faces WHERE face_token = ?1 AND library_id = ?2 RETURNING id")
                var removed: [String: Int64] = [:]
                for token in tokens {
                    if let id = try delete.bind(.text(token), .integer(libraryID)).firstRow({ $0.int64(0) }) {
                        removed[token] = id
                    }
                }
                let remaining = try count.bind(.integer(libraryID)).firstRow { $0.int(0) } ?? 0
                return FaceDeletion(removed: removed, remainingCount: remaining)
            }
        }
    }

    public func embeddings(libraryID: Int64, batchSize: Int) -> AsyncThrowingStream<[EmbeddingRecord], any Error> {
        // Keyset paging by row id: each batch is one short read, so a large
        // library never pins a reader or the WAL for the whole scan.
        let cursor = Mutex<Int64?>(0)
        let limit = max(1, batchSize)
        return AsyncThrowingStream { [self] in
            guard let after = cursor.withLock({ $0 }) else { return nil }
            let batch = try await read { connection in
                try connection.prepare("""
                    SELECT id, embedding FROM faces WHERE library_id = ?1 AND id > ?2 ORDER BY id LIMIT ?3
                    """)
                    .bind(.integer(libraryID), .integer(after), .int(limit))
                    .rows { EmbeddingRecord(faceID: $0.int64(0), embedding: $0.withBlob(1, EmbeddingCodec.decode)) }
            }
            cursor.withLock { $0 = batch.count < limit ? nil : batch.last?.faceID }
            return batch.isEmpty ? nil : batch
        }
    }

    public func exactEmbeddings(libraryID: Int64, ids: [Int64]) throws -> [Int64: [Float]] {
        try mappingSQLiteErrors { try executor.readNow { connection in
            try connection.readTransaction {
                let statement = try connection.prepare("SELECT embedding FROM faces WHERE id = ?1 AND library_id = ?2")
                var found: [Int64: [Float]] = [:]
                for id in ids {
                    if let blob = try statement.bind(.integer(id), .integer(libraryID)).firstRow({ $0.blob(0) }) {
                        found[id] = EmbeddingCodec.decode(blob)
                    }
                }
                return found
            }
        } }
    }

    private static func faceRecord(_ row: SQLiteStatement) -> FaceRecord {
        FaceRecord(id: row.int64(0), libraryID: row.int64(1), faceToken: row.text(2), userID: row.text(3),
                   userData: row.text(4), addTime: row.int64(5), modelVersion: row.text(6))
    }
}
