/// Single-use signatures seen by any process sharing the database.
public protocol SignatureLedger: Sendable {
    /// Records `digest` as used until `expiresAt` (Unix seconds); false when
    /// it was recorded already. Of two processes recording the same digest at
    /// once, exactly one gets true.
    func recordUse(digest: [UInt8], expiresAt: Int64) async throws -> Bool
    /// Forgets signatures that expired before `now` (Unix seconds); returns how many.
    func sweepSignatures(expiredBefore now: Int64) async throws -> Int
}
