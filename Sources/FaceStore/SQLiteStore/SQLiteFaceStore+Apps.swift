extension SQLiteFaceStore {
    static let appColumns =
        "id, api_key, name, sealed_secret, state, max_groups, max_faces, created_at"

    public func insertApp(_ app: NewAppRecord) async throws -> AppRecord {
        try await write { connection in
            try connection.transaction {
                try connection.prepare("""
                    INSERT INTO apps (api_key, name, sealed_secret, max_groups, max_faces, created_at)
                    VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                    """)
                    .bind(.text(app.apiKey), .text(app.name), .blob(app.sealedSecret),
                          .int(app.maxGroups), .int(app.maxFaces), .integer(app.createdAt))
                    .run()
                return AppRecord(id: connection.lastInsertRowID, apiKey: app.apiKey, name: app.name,
                                 sealedSecret: app.sealedSecret, state: .active, maxGroups: app.maxGroups,
                                 maxFaces: app.maxFaces, createdAt: app.createdAt)
            }
        }
    }

    public func app(apiKey: String) async throws -> AppRecord? {
        try await read { connection in
            try connection.prepare("SELECT \(Self.appColumns) FROM apps WHERE api_key = ?1")
                .bind(.text(apiKey))
                .firstRow(Self.appRecord)
        }
    }

    public func apps() async throws -> [AppRecord] {
        try await read { connection in
            try connection.prepare("SELECT \(Self.appColumns) FROM apps ORDER BY id").rows(Self.appRecord)
        }
    }

    public func updateApp(apiKey: String, _ change: AppChange) async throws -> AppRecord? {
        try await write { connection in
            try connection.transaction {
                let update: SQLiteStatement
                switch change {
                case .state(let state):
                    update = try connection.prepare("UPDATE apps SET state = ?2 WHERE api_key = ?1")
                        .bind(.text(apiKey), .text(state.rawValue))
                case .sealedSecret(let sealed):
                    update = try connection.prepare("UPDATE apps SET sealed_secret = ?2 WHERE api_key = ?1")
                        .bind(.text(apiKey), .blob(sealed))
                case let .quotas(maxGroups, maxFaces):
                    update = try connection.prepare("""
                        UPDATE apps SET max_groups = coalesce(?2, max_groups), max_faces = coalesce(?3, max_faces)
                        WHERE api_key = ?1
                        """)
                        .bind(.text(apiKey), maxGroups.map(SQLiteValue.int) ?? .null,
                              maxFaces.map(SQLiteValue.int) ?? .null)
                }
                try update.run()
                return try connection.prepare("SELECT \(Self.appColumns) FROM apps WHERE api_key = ?1")
                    .bind(.text(apiKey))
                    .firstRow(Self.appRecord)
            }
        }
    }

    static func appRecord(_ row: SQLiteStatement) throws -> AppRecord {
        let stateText = row.text(4)
        guard let state = AppRecord.State(rawValue: stateText) else {
            // The schema's CHECK constraint makes this unreachable unless the file was edited by hand.
            throw SQLiteError(code: 0, message: "apps.state holds unknown value '\(stateText)'")
        }
        return AppRecord(id: row.int64(0), apiKey: row.text(1), name: row.text(2), sealedSecret: row.blob(3),
                         state: state, maxGroups: row.int(5), maxFaces: row.int(6), createdAt: row.int64(7))
    }
}
