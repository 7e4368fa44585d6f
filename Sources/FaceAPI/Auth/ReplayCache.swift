import Synchronization

// Design note: single-use signatures (`b == 0`) are accepted only while
// `|c - now| <= skew`, so a signature needs remembering only until `c + skew`.
// Entries are kept in memory, one table per app, each holding at most
// `capacityPerApp` live entries; an app's expired entries are swept when its
// table fills or a quarter window has passed. When an app's table is full of
// live entries, that app's new single-use signatures are refused (fail
// closed) rather than forgetting one that could then be replayed; other apps
// keep their own share, so one tenant cannot spend everyone's.
//
// An entry is the first 16 bytes of the signature's HMAC (24 bytes with its
// expiry instead of a heap array): two distinct signatures of one app sharing
// 128 bits of HMAC is not a case worth the memory.
//
// This cache is per process: with several nodes on one PostgreSQL database,
// single-use signatures are recorded in the database instead
// (`SharedSignatures`), so that they stay single-use across nodes.

/// Remembers single-use signatures for the skew window and spots a second use.
final class ReplayCache: Sendable {
    /// Live single-use signatures one app may have at once by default: at the
    /// default skew (300 s) over 800 single-use requests a second, sustained.
    static let defaultCapacityPerApp = 250_000

    private let capacityPerApp: Int
    private let sweepInterval: Int64
    private let tables = Mutex<[String: Table]>([:])

    private struct Table {
        var expiries: [Key: Int64] = [:]
        var lastSweep: Int64 = 0
    }

    private struct Key: Hashable {
        let high: UInt64
        let low: UInt64

        init(_ digest: [UInt8]) {
            var words: (UInt64, UInt64) = (0, 0)
            for (index, byte) in digest.prefix(16).enumerated() {
                if index < 8 { words.0 = words.0 << 8 | UInt64(byte) } else { words.1 = words.1 << 8 | UInt64(byte) }
            }
            (high, low) = words
        }
    }

    /// What happened to a signature presented for single use.
    enum Outcome: Equatable {
        case firstUse
        case replayed
        case full
    }

    init(capacityPerApp: Int = defaultCapacityPerApp, skew: Int64) {
        self.capacityPerApp = capacityPerApp
        sweepInterval = max(1, skew / 4)
    }

    /// Records `digest` as used by `app` until `expiry` (Unix seconds), unless it was already.
    func use(_ digest: [UInt8], app: String, until expiry: Int64, now: Int64) -> Outcome {
        let key = Key(digest)
        return tables.withLock { tables in
            var table = tables.removeValue(forKey: app) ?? Table()
            defer { if !table.expiries.isEmpty { tables[app] = table } }
            if let known = table.expiries[key], known >= now { return .replayed }
            if table.expiries.count >= capacityPerApp || now - table.lastSweep >= sweepInterval {
                table.expiries = table.expiries.filter { $0.value >= now }
                table.lastSweep = now
            }
            guard table.expiries.count < capacityPerApp else { return .full }
            table.expiries[key] = expiry
            return .firstUse
        }
    }

    /// Entries currently held for `app` (for tests).
    func count(app: String) -> Int { tables.withLock { $0[app]?.expiries.count ?? 0 } }
}
