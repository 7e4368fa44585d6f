import FaceStore
import PostgresNIO

extension PostgresFaceStore {
    static let appColumns = "id, api_key, name, sealed_secret, state, max_groups, max_faces, created_at"

    public func insertApp(_ app: NewAppRecord) async throws -> AppRecord {
        let id = try await executor.withConnection(within: timeouts.call, doing: "insert app") { [logger] connection in
            try await connection.firstRow("""
                INSERT INTO apps (api_key, name, sealed_secret, max_groups, max_faces, created_at)
                VALUES (\(app.apiKey), \(app.name), \(ByteBuffer(bytes: app.sealedSecret)), \(app.maxGroups),
                        \(app.maxFaces), \(app.createdAt))
                RETURNING id
                """, logger: logger)?.decode(Int64.self)
        }
        guard let id else { throw StorageError(.failed, "insert app: no id returned") }
        return AppRecord(id: id, apiKey: app.apiKey, name: app.name, sealedSecret: app.sealedSecret, state: .active,
                         maxGroups: app.maxGroups, maxFaces: app.maxFaces, createdAt: app.createdAt)
    }

    public func app(apiKey: String) async throws -> AppRecord? {
        try await executor.withConnection(within: timeouts.call, doing: "read app") { [logger] connection in
            try await connection.firstRow("SELECT \(unescaped: Self.appColumns) FROM apps WHERE api_key = \(apiKey)",
                                          logger: logger).map(Self.appRecord)
        }
    }

    public func apps() async throws -> [AppRecord] {
        try await executor.withConnection(within: timeouts.call, doing: "list apps") { [logger] connection in
            try await connection.rows("SELECT \(unescaped: Self.appColumns) FROM apps ORDER BY id", logger: logger)
                .map(Self.appRecord)
        }
    }

    public func updateApp(apiKey: String, _ change: AppChange) async throws -> AppRecord? {
        let update: PostgresQuery = switch change {
        case .state(let state):
            "UPDATE apps SET state = \(state.rawValue) WHERE api_key = \(apiKey) RETURNING \(unescaped: Self.appColumns)"
        case .sealedSecret(let sealed):
            """
            UPDATE apps SET sealed_secret = \(ByteBuffer(bytes: sealed)) WHERE api_key = \(apiKey)
            RETURNING \(unescaped: Self.appColumns)
            """
        case let .quotas(maxGroups, maxFaces):
            """
            UPDATE apps SET max_groups = coalesce(\(maxGroups.map(Int64.init))::bigint, max_groups),
                            max_faces = coalesce(\(maxFaces.map(Int64.init))::bigint, max_faces)
            WHERE api_key = \(apiKey) RETURNING \(unescaped: Self.appColumns)
            """
        }
        return try await executor.withConnection(within: timeouts.call, doing: "update app") { [logger] connection in
            try await connection.firstRow(update, logger: logger).map(Self.appRecord)
        }
    }

    static func appRecord(_ row: PostgresRow) throws -> AppRecord {
        let (id, apiKey, name, sealed, stateText, maxGroups, maxFaces, createdAt) =
            try row.decode((Int64, String, String, ByteBuffer, String, Int, Int, Int64).self)
        guard let state = AppRecord.State(rawValue: stateText) else {
            // The schema's CHECK constraint makes this unreachable unless the row was edited by hand.
            throw StorageError(.failed, "apps.state holds unknown value '\(stateText)'")
        }
        return AppRecord(id: id, apiKey: apiKey, name: name, sealedSecret: sealed.byteArray, state: state,
                         maxGroups: maxGroups, maxFaces: maxFaces, createdAt: createdAt)
    }
}
