import FaceStore
import PostgresNIO

extension PostgresFaceStore {
    /// Faces per INSERT statement of a bulk insert.
    static let bulkStatementSize = 5000

    public func insertFaces(_ faces: [NewFaceRecord], maxAppFaces: Int) async throws -> FaceBatchInsertOutcome {
        do {
            return try await executor.transaction(within: timeouts.bulk, doing: "insert faces") {
                [logger, timeouts] connection -> FaceBatchInsertOutcome in
                try await connection.run("SET LOCAL statement_timeout = \(unescaped: "\(timeouts.bulk.milliseconds)")",
                                         logger: logger)
                let libraryIDs = Array(Set(faces.map(\.libraryID))).sorted()
                var appOf: [Int64: Int64] = [:]
                for row in try await connection.rows("""
                    SELECT id, app_id FROM libraries WHERE id = ANY(\(libraryIDs)) AND freed_at IS NULL
                    """, logger: logger) {
                    let (id, appID) = try row.decode((Int64, Int64).self)
                    appOf[id] = appID
                }
                if let missing = libraryIDs.first(where: { appOf[$0] == nil }) { return .libraryNotFound(missing) }
                let appIDs = Set(appOf.values).sorted()
                // App rows, then library rows, each in id order: the store's lock order.
                for appID in appIDs { try await Self.lockApp(appID, on: connection, logger: logger) }
                var ids: [Int64] = []
                ids.reserveCapacity(faces.count)
                for start in stride(from: 0, to: faces.count, by: Self.bulkStatementSize) {
                    let chunk = Array(faces[start..<min(start + Self.bulkStatementSize, faces.count)])
                    ids += try await Self.insertFaceRows(chunk, on: connection, logger: logger)
                }
                let added = Dictionary(grouping: faces, by: \.libraryID).mapValues(\.count)
                for libraryID in libraryIDs {
                    try await connection.run("""
                        UPDATE libraries SET face_count = face_count + \(added[libraryID] ?? 0), change_seq = change_seq + 1
                        WHERE id = \(libraryID)
                        """, logger: logger)
                }
                for appID in appIDs {
                    if try await Self.faceTotal(appID: appID, on: connection, logger: logger) > maxAppFaces {
                        throw BatchAbort()
                    }
                }
                return .inserted(zip(faces, ids).map { Self.record(of: $0, id: $1) })
            }
        } catch is BatchAbort {
            return .limitReached
        }
    }
}

/// Rolls a bulk insert over the quota back (by being thrown out of its transaction).
private struct BatchAbort: Error {}
