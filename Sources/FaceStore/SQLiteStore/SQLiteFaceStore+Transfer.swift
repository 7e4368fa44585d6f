extension SQLiteFaceStore {
    public func withLibrarySnapshot<T: Sendable>(
        libraryID: Int64, _ body: @escaping @Sendable (LibraryRecord, inout FaceCursor) throws -> T
    ) async throws -> T? {
        try await executor.read { connection in
            try connection.readTransaction {
                guard let library = try connection.prepare("SELECT \(Self.libraryColumns) FROM libraries WHERE id = ?1")
                    .bind(.integer(libraryID))
                    .firstRow(Self.libraryRecord)
                else { return nil }
                var cursor = FaceCursor(statement: try connection.prepare("""
                    SELECT id, library_id, face_token, user_id, user_data, add_time, model_version, embedding
                    FROM faces WHERE library_id = ?1 ORDER BY id
                    """).bind(.integer(libraryID)))
                return try body(library, &cursor)
            }
        }
    }

    public func importLibrary(_ library: NewLibraryRecord, maxLibraries: Int, maxAppFaces: Int,
                              faces nextFace: @escaping @Sendable () throws -> NewFaceRecord?) async throws -> LibraryImportOutcome {
        try await executor.write { connection in
            do {
                return try connection.transaction {
                    switch try Self.insertLibraryRow(library, maxLibraries: maxLibraries, on: connection) {
                    case .duplicateGroupID: return .duplicateGroupID
                    case .limitReached: return .libraryLimitReached
                    case .inserted(let record):
                        let insert = try connection.prepare(Self.insertFaceSQL)
                        while var face = try nextFace() {
                            face.libraryID = record.id
                            do {
                                try Self.insertFaceRow(face, with: insert)
                            } catch let error as SQLiteError where error.isUniqueViolation {
                                throw ImportAbort(outcome: .duplicateFaceToken(face.faceToken))
                            }
                        }
                        guard try Self.faceTotal(appID: library.appID, on: connection) <= maxAppFaces else {
                            throw ImportAbort(outcome: .faceLimitReached)
                        }
                        let stored = try connection.prepare("SELECT \(Self.libraryColumns) FROM libraries WHERE id = ?1")
                            .bind(.integer(record.id))
                            .firstRow(Self.libraryRecord)
                        return .imported(stored ?? record)
                    }
                }
            } catch let abort as ImportAbort {
                return abort.outcome
            }
        }
    }
}

/// Rolls an import back (by being thrown out of its transaction) and says why.
private struct ImportAbort: Error {
    let outcome: LibraryImportOutcome
}
