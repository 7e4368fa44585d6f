import FaceStore
import PostgresNIO

extension PostgresFaceStore: SignatureLedger {
    public func recordUse(digest: [UInt8], expiresAt: Int64) async throws -> Bool {
        // Of two sessions inserting one digest, the second waits for the
        // first's commit and then gets no row: exactly one first use.
        try await executor.withConnection(within: timeouts.call, doing: "record a single-use signature") {
            [logger] connection in
            try await connection.firstRow("""
                INSERT INTO used_signatures (digest, expires_at) VALUES (\(ByteBuffer(bytes: digest)), \(expiresAt))
                ON CONFLICT (digest) DO NOTHING RETURNING 1
                """, logger: logger) != nil
        }
    }

    public func sweepSignatures(expiredBefore now: Int64) async throws -> Int {
        try await executor.withConnection(within: timeouts.call, doing: "sweep single-use signatures") {
            [logger] connection in
            try await connection.rows("DELETE FROM used_signatures WHERE expires_at < \(now) RETURNING 1",
                                      logger: logger).count
        }
    }
}
