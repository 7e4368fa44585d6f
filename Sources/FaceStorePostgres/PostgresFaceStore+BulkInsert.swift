import FaceStore
import PostgresNIO

extension PostgresFaceStore {
    /// Faces per INSERT statement of a bulk insert.
    static let bulkStatementSize = 5000

    public func insertFaces(_ faces: [NewFaceRecord], maxAppFaces: Int) async throws -> FaceBatchInsertOutcome {
        do {
            let outcome = try await executor.transaction(within: timeouts.bulk, doing: "insert faces") {
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
                var added: [Int64: [Int64]] = [:]
                for (face, id) in zip(faces, ids) { added[face.libraryID, default: []].append(id) }
                for libraryID in libraryIDs {
                    let faceIDs = added[libraryID] ?? []
                    guard let advance = try await Self.advanceLog(libraryID: libraryID, faceCountDelta: faceIDs.count,
                                                                  on: connection, logger: logger) else {
                        throw BatchAbort(outcome: .libraryNotFound(libraryID))  // freed meanwhile
                    }
                    _ = try await Self.recordChange(libraryID: libraryID, seq: advance.seq, .add, faceIDs: faceIDs,
                                                    on: connection, logger: logger)
                }
                for appID in appIDs {
                    if try await Self.faceTotal(appID: appID, on: connection, logger: logger) > maxAppFaces {
                        throw BatchAbort(outcome: .limitReached)
                    }
                }
                return .inserted(zip(faces, ids).map { Self.record(of: $0, id: $1) })
            }
            for libraryID in Set(faces.map(\.libraryID)) { notifier?.changed(libraryID) }
            return outcome
        } catch let abort as BatchAbort {
            return abort.outcome
        }
    }
}

/// Rolls a bulk insert back (by being thrown out of its transaction) and says why.
private struct BatchAbort: Error {
    let outcome: FaceBatchInsertOutcome
}
