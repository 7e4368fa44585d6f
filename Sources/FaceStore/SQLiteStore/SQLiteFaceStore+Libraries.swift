extension SQLiteFaceStore {
    static let libraryColumns = "id, app_id, group_id, name, data, model_version, add_time, face_count"

    public func insertLibrary(_ library: NewLibraryRecord, maxLibraries: Int) async throws -> LibraryInsertOutcome {
        try await write { connection in
            try connection.transaction { try Self.insertLibraryRow(library, maxLibraries: maxLibraries, on: connection) }
        }
    }

    /// The conditional insert of `insertLibrary`, inside the caller's transaction.
    static func insertLibraryRow(_ library: NewLibraryRecord, maxLibraries: Int,
                                 on connection: SQLiteConnection) throws -> LibraryInsertOutcome {
        let exists = try connection.prepare("SELECT 1 FROM libraries WHERE app_id = ?1 AND group_id = ?2")
            .bind(.integer(library.appID), .text(library.groupID))
            .firstRow { _ in true } ?? false
        if exists { return .duplicateGroupID }
        let count = try connection.prepare("SELECT count(*) FROM libraries WHERE app_id = ?1")
            .bind(.integer(library.appID))
            .firstRow { $0.int(0) } ?? 0
        if count >= maxLibraries { return .limitReached }
        try connection.prepare("""
            INSERT INTO libraries (app_id, group_id, name, data, model_version, add_time)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6)
            """)
            .bind(.integer(library.appID), .text(library.groupID), .text(library.name),
                  .text(library.data), .text(library.modelVersion), .integer(library.addTime))
            .run()
        return .inserted(LibraryRecord(
            id: connection.lastInsertRowID, appID: library.appID, groupID: library.groupID,
            name: library.name, data: library.data, modelVersion: library.modelVersion,
            addTime: library.addTime, faceCount: 0))
    }

    public func library(appID: Int64, groupID: String) async throws -> LibraryRecord? {
        try await read { connection in
            try connection.prepare("SELECT \(Self.libraryColumns) FROM libraries WHERE app_id = ?1 AND group_id = ?2")
                .bind(.integer(appID), .text(groupID))
                .firstRow(Self.libraryRecord)
        }
    }

    public func libraries(appID: Int64) async throws -> [LibraryRecord] {
        try await read { connection in
            try connection.prepare("SELECT \(Self.libraryColumns) FROM libraries WHERE app_id = ?1 ORDER BY id")
                .bind(.integer(appID))
                .rows(Self.libraryRecord)
        }
    }

    public func allLibraries() async throws -> [LibraryRecord] {
        try await read { connection in
            try connection.prepare("SELECT \(Self.libraryColumns) FROM libraries ORDER BY app_id, id")
                .rows(Self.libraryRecord)
        }
    }

    public func deleteLibrary(id: Int64, onlyIfEmpty: Bool) async throws -> LibraryDeleteOutcome {
        try await write { connection in
            try connection.transaction {
                guard let faceCount = try connection.prepare("SELECT face_count FROM libraries WHERE id = ?1")
                    .bind(.integer(id))
                    .firstRow({ $0.int(0) })
                else { return .notFound }
                if onlyIfEmpty && faceCount > 0 { return .notEmpty(faceCount: faceCount) }
                // Faces go by ON DELETE CASCADE in this same transaction.
                try connection.prepare("DELETE FROM libraries WHERE id = ?1").bind(.integer(id)).run()
                return .deleted
            }
        }
    }

    public func faceTotal(appID: Int64) async throws -> Int {
        try await read { try Self.faceTotal(appID: appID, on: $0) }
    }

    static func faceTotal(appID: Int64, on connection: SQLiteConnection) throws -> Int {
        try connection.prepare("SELECT coalesce(sum(face_count), 0) FROM libraries WHERE app_id = ?1")
            .bind(.integer(appID))
            .firstRow { $0.int(0) } ?? 0
    }

    static func libraryRecord(_ row: SQLiteStatement) -> LibraryRecord {
        LibraryRecord(id: row.int64(0), appID: row.int64(1), groupID: row.text(2), name: row.text(3),
                      data: row.text(4), modelVersion: row.text(5), addTime: row.int64(6), faceCount: row.int(7))
    }
}
