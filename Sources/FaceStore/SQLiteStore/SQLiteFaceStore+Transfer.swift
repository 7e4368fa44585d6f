extension SQLiteFaceStore {
    /// Faces read per step of an export.
    static let snapshotBatchSize = 1024

    public func withLibrarySnapshot<T: Sendable>(
        libraryID: Int64, _ body: @escaping @Sendable (LibraryRecord, FaceCursor) async throws -> T
    ) async throws -> T? {
        // `read` only lends its lane here: each step uses the session's own connection.
        let session = try await read { [opener] _ in try SQLiteSnapshotSession(opener: opener, libraryID: libraryID) }
        let result: Result<T?, any Error>
        if let library = session.library {
            let cursor = FaceCursor { [self] in
                try await read { _ in try session.nextBatch(limit: Self.snapshotBatchSize) }
            }
            do {
                result = .success(try await body(library, cursor))
            } catch {
                result = .failure(error)
            }
        } else {
            result = .success(nil)
        }
        _ = try? await read { _ in session.end() }
        return try result.get()
    }

    public func importLibrary(_ library: NewLibraryRecord, maxLibraries: Int, maxAppFaces: Int,
                              faces nextFace: @escaping @Sendable () throws -> NewFaceRecord?) async throws -> LibraryImportOutcome {
        try await write { connection in
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
