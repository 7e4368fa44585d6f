import FaceStore
import Foundation
import Synchronization

/// Single-use signatures recorded in the database every node shares, so a
/// signature used on one node is a replay on all the others.
///
/// Each first use is one INSERT committed before the request goes on; of two
/// nodes given the same signature at once, the second waits for the first's
/// commit and finds it. Expired entries are swept by whichever node notices
/// first that a sweep is due (and by every node's maintenance).
public final class SharedSignatures: Sendable {
    private let ledger: any SignatureLedger
    private let lastSweep = Mutex<Int64>(0)

    init(ledger: any SignatureLedger) {
        self.ledger = ledger
    }

    /// Records `digest` as used until `expiry` (Unix seconds); false when it
    /// was used before. Sweeps expired entries when `sweepInterval` seconds
    /// passed since the last sweep.
    public func use(_ digest: [UInt8], until expiry: Int64, now: Int64, sweepInterval: Int64) async throws -> Bool {
        let first = try await ledger.recordUse(digest: digest, expiresAt: expiry)
        let due = lastSweep.withLock { last in
            guard now - last >= sweepInterval else { return false }
            last = now
            return true
        }
        if due { Task { [ledger] in _ = try? await ledger.sweepSignatures(expiredBefore: now) } }
        return first
    }
}
