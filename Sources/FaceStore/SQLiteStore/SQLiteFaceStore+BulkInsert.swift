// Bulk loading (benchmark data, imports): one statement prepared once and one
// transaction per call, so a batch of tens of thousands of faces costs one
// commit (one fsync) instead of one per face. The quota is checked after the
// rows are in, inside the same transaction, and a breach rolls everything back.

extension SQLiteFaceStore {
    /// Inserts `faces` (any libraries) in one transaction, unless a library is
    /// gone or an app would then hold more than `maxAppFaces` faces.
    ///
    /// Pass batches of 10,000–100,000 faces: each call is one commit.
    public func insertFaces(_ faces: [NewFaceRecord], maxAppFaces: Int) async throws -> FaceBatchInsertOutcome {
        try await write { connection in
            do {
                return try connection.transaction {
                    let appIDs = try Self.owningApps(of: Set(faces.map(\.libraryID)), on: connection)
                    let insert = try connection.prepare("""
                        INSERT INTO faces (library_id, face_token, user_id, user_data, add_time, model_version, embedding)
                        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                        """)
                    let records = try faces.map { face in
                        try insert.bind(.integer(face.libraryID), .text(face.faceToken), .text(face.userID),
                                        .text(face.userData), .integer(face.addTime), .text(face.modelVersion),
                                        .blob(EmbeddingCodec.encode(face.embedding)))
                            .run()
                        return FaceRecord(id: connection.lastInsertRowID, libraryID: face.libraryID,
                                          faceToken: face.faceToken, userID: face.userID, userData: face.userData,
                                          addTime: face.addTime, modelVersion: face.modelVersion)
                    }
                    for appID in Set(appIDs.values) where try Self.faceTotal(appID: appID, on: connection) > maxAppFaces {
                        throw BatchAbort(outcome: .limitReached)
                    }
                    return .inserted(records)
                }
            } catch let abort as BatchAbort {
                return abort.outcome
            }
        }
    }

    /// The app of each library, or a `BatchAbort` naming a library that does not exist.
    private static func owningApps(of libraryIDs: Set<Int64>,
                                   on connection: SQLiteConnection) throws -> [Int64: Int64] {
        let query = try connection.prepare("SELECT app_id FROM libraries WHERE id = ?1")
        var apps: [Int64: Int64] = [:]
        for libraryID in libraryIDs {
            guard let appID = try query.bind(.integer(libraryID)).firstRow({ $0.int64(0) }) else {
                throw BatchAbort(outcome: .libraryNotFound(libraryID))
            }
            apps[libraryID] = appID
        }
        return apps
    }
}

/// Rolls a bulk insert back (by being thrown out of its transaction) and says why.
private struct BatchAbort: Error {
    let outcome: FaceBatchInsertOutcome
}
