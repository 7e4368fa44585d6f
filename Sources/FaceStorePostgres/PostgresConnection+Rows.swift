import Logging
import PostgresNIO

extension PostgresConnection {
    /// Every row of `query`, read in the caller's task.
    func rows(_ query: PostgresQuery, logger: Logger) async throws -> [PostgresRow] {
        var rows: [PostgresRow] = []
        for try await row in try await self.query(query, logger: logger) { rows.append(row) }
        return rows
    }

    /// The first row of `query` (which should return at most one), or nil.
    func firstRow(_ query: PostgresQuery, logger: Logger) async throws -> PostgresRow? {
        try await rows(query, logger: logger).first
    }

    /// Runs a statement, discarding any rows.
    func run(_ query: PostgresQuery, logger: Logger) async throws {
        for try await _ in try await self.query(query, logger: logger) {}
    }
}

extension ByteBuffer {
    /// The readable bytes as an array (sealed secrets).
    var byteArray: [UInt8] { Array(readableBytesView) }
}
