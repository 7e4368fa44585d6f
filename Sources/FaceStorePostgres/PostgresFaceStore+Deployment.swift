import FaceStore
import PostgresNIO

extension PostgresFaceStore: DeploymentValues {
    public func deploymentValue(named name: String) async throws -> [UInt8]? {
        try await executor.withConnection(within: timeouts.call, doing: "read \(name)") { [logger] connection in
            try await connection.firstRow("SELECT value FROM deployment WHERE name = \(name)", logger: logger)?
                .decode(ByteBuffer.self).byteArray
        }
    }

    public func storeDeploymentValue(_ value: [UInt8], named name: String) async throws -> [UInt8] {
        try await executor.withConnection(within: timeouts.call, doing: "store \(name)") { [logger] connection in
            // ON CONFLICT … DO UPDATE with no change returns the row that won, in one statement.
            guard let stored = try await connection.firstRow("""
                INSERT INTO deployment (name, value) VALUES (\(name), \(ByteBuffer(bytes: value)))
                ON CONFLICT (name) DO UPDATE SET value = deployment.value RETURNING value
                """, logger: logger)?.decode(ByteBuffer.self) else {
                throw StorageError(.failed, "store \(name): no row returned")
            }
            return stored.byteArray
        }
    }
}
