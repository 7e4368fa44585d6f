import FaceStore
import Foundation
import PostgresNIO

extension PostgresFaceStore {
    static let libraryColumns = "id, app_id, group_id, name, data, model_version, add_time, face_count"

    public func insertLibrary(_ library: NewLibraryRecord, maxLibraries: Int) async throws -> LibraryInsertOutcome {
        try await executor.transaction(within: timeouts.call, doing: "create library") { [logger] connection in
            try await Self.insertLibraryRow(library, maxLibraries: maxLibraries, on: connection, logger: logger)
        }
    }

    /// The conditional insert of `insertLibrary`, inside the caller's transaction.
    static func insertLibraryRow(_ library: NewLibraryRecord, maxLibraries: Int, on connection: PostgresConnection,
                                 logger: Logger) async throws -> LibraryInsertOutcome {
        try await lockApp(library.appID, on: connection, logger: logger)
        // Checked first, so a taken group_id answers GROUP_EXIST even at the quota.
        if try await connection.firstRow("""
            SELECT 1 FROM libraries WHERE app_id = \(library.appID) AND group_id = \(library.groupID) AND freed_at IS NULL
            """, logger: logger) != nil {
            return .duplicateGroupID
        }
        let count = try await connection.firstRow(
            "SELECT count(*) FROM libraries WHERE app_id = \(library.appID) AND freed_at IS NULL", logger: logger)?
            .decode(Int.self) ?? 0
        if count >= maxLibraries { return .limitReached }
        let id = try await connection.firstRow("""
            INSERT INTO libraries (app_id, group_id, name, data, model_version, add_time)
            VALUES (\(library.appID), \(library.groupID), \(library.name), \(library.data), \(library.modelVersion),
                    \(library.addTime))
            RETURNING id
            """, logger: logger)?.decode(Int64.self)
        guard let id else { throw StorageError(.failed, "create library: no id returned") }
        return .inserted(LibraryRecord(id: id, appID: library.appID, groupID: library.groupID, name: library.name,
                                       data: library.data, modelVersion: library.modelVersion,
                                       addTime: library.addTime, faceCount: 0))
    }

    /// Takes the app row's lock for the rest of the transaction: quota checks
    /// of one app take turns. (`NO KEY`: inserts referencing the app still proceed.)
    static func lockApp(_ appID: Int64, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.run("SELECT 1 FROM apps WHERE id = \(appID) FOR NO KEY UPDATE", logger: logger)
    }

    public func library(appID: Int64, groupID: String) async throws -> LibraryRecord? {
        try await executor.withConnection(within: timeouts.call, doing: "read library") { [logger] connection in
            try await connection.firstRow("""
                SELECT \(unescaped: Self.libraryColumns) FROM libraries
                WHERE app_id = \(appID) AND group_id = \(groupID) AND freed_at IS NULL
                """, logger: logger).map(Self.libraryRecord)
        }
    }

    public func libraries(appID: Int64) async throws -> [LibraryRecord] {
        try await executor.withConnection(within: timeouts.call, doing: "list libraries") { [logger] connection in
            try await connection.rows("""
                SELECT \(unescaped: Self.libraryColumns) FROM libraries
                WHERE app_id = \(appID) AND freed_at IS NULL ORDER BY id
                """, logger: logger).map(Self.libraryRecord)
        }
    }

    public func allLibraries() async throws -> [LibraryRecord] {
        try await executor.withConnection(within: timeouts.call, doing: "list libraries") { [logger] connection in
            try await connection.rows("""
                SELECT \(unescaped: Self.libraryColumns) FROM libraries WHERE freed_at IS NULL ORDER BY app_id, id
                """, logger: logger).map(Self.libraryRecord)
        }
    }

    public func deleteLibrary(id: Int64, onlyIfEmpty: Bool) async throws -> LibraryDeleteOutcome {
        let outcome = try await executor.transaction(within: timeouts.call, doing: "free library") {
            [logger] connection -> LibraryDeleteOutcome in
            // The lock waits for an add in flight; the row read after the wait is the committed one.
            guard let faceCount = try await connection.firstRow("""
                SELECT face_count FROM libraries WHERE id = \(id) AND freed_at IS NULL FOR NO KEY UPDATE
                """, logger: logger)?.decode(Int.self) else { return .notFound }
            if onlyIfEmpty && faceCount > 0 { return .notEmpty(faceCount: faceCount) }
            let now = Int64(Date().timeIntervalSince1970 * 1000)
            try await connection.run("""
                UPDATE libraries SET freed_at = \(now), change_seq = change_seq + 1 WHERE id = \(id)
                """, logger: logger)
            return .deleted
        }
        if outcome == .deleted { await purgeFaces(ofFreedLibrary: id) }
        return outcome
    }

    /// Deletes the faces of a freed library. A failure leaves them to the
    /// sweep at the next start: a tombstone's faces are invisible and uncounted.
    func purgeFaces(ofFreedLibrary id: Int64) async {
        do {
            try await executor.transaction(within: timeouts.bulk, doing: "purge freed library") { [logger, timeouts] connection in
                try await connection.run("SET LOCAL statement_timeout = \(unescaped: "\(timeouts.bulk.milliseconds)")",
                                         logger: logger)
                try await connection.run("DELETE FROM faces WHERE library_id = \(id)", logger: logger)
                try await connection.run("UPDATE libraries SET face_count = 0 WHERE id = \(id)", logger: logger)
            }
        } catch {
            logger.error("faces of a freed library not purged yet; retried at the next start",
                         metadata: ["library": "\(id)", "error": "\(error)"])
        }
    }

    /// Purges freed libraries whose faces are still there (a stop between free and purge).
    func purgeFreedLibraries() async {
        let pending = try? await executor.withConnection(within: timeouts.call, doing: "find freed libraries") {
            [logger] connection in
            try await connection.rows("SELECT id FROM libraries WHERE freed_at IS NOT NULL AND face_count > 0",
                                      logger: logger).map { try $0.decode(Int64.self) }
        }
        for id in pending ?? [] { await purgeFaces(ofFreedLibrary: id) }
    }

    public func faceTotal(appID: Int64) async throws -> Int {
        try await executor.withConnection(within: timeouts.call, doing: "count faces") { [logger] connection in
            try await Self.faceTotal(appID: appID, on: connection, logger: logger)
        }
    }

    static func faceTotal(appID: Int64, on connection: PostgresConnection, logger: Logger) async throws -> Int {
        try await connection.firstRow("""
            SELECT coalesce(sum(face_count), 0)::bigint FROM libraries WHERE app_id = \(appID) AND freed_at IS NULL
            """, logger: logger)?.decode(Int.self) ?? 0
    }

    static func libraryRecord(_ row: PostgresRow) throws -> LibraryRecord {
        let (id, appID, groupID, name, data, modelVersion, addTime, faceCount) =
            try row.decode((Int64, Int64, String, String, String, String, Int64, Int).self)
        return LibraryRecord(id: id, appID: appID, groupID: groupID, name: name, data: data,
                             modelVersion: modelVersion, addTime: addTime, faceCount: faceCount)
    }
}
