import Synchronization

// Design note: single-use signatures (`b == 0`) are accepted only while
// `|c - now| <= skew`, so a signature needs remembering only until `c + skew`.
// Entries are kept in memory, at most `capacity` of them; expired entries are
// swept when the table fills or a quarter window has passed. When the table is
// full of live entries, new single-use signatures are refused (fail closed)
// rather than forgetting one that could then be replayed.
//
// This cache is per process: with several nodes on one PostgreSQL database,
// single-use signatures are recorded in the database instead
// (`SharedSignatures`), so that they stay single-use across nodes.

/// Remembers single-use signatures for the skew window and spots a second use.
final class ReplayCache: Sendable {
    private let capacity: Int
    private let sweepInterval: Int64
    private let state = Mutex(State())

    private struct State {
        var expiries: [[UInt8]: Int64] = [:]
        var lastSweep: Int64 = 0
    }

    /// What happened to a signature presented for single use.
    enum Outcome: Equatable {
        case firstUse
        case replayed
        case full
    }

    init(capacity: Int = 1_000_000, skew: Int64) {
        self.capacity = capacity
        sweepInterval = max(1, skew / 4)
    }

    /// Records `key` as used until `expiry` (Unix seconds), unless it was already.
    func use(_ key: [UInt8], until expiry: Int64, now: Int64) -> Outcome {
        state.withLock { state in
            if let known = state.expiries[key], known >= now { return .replayed }
            if state.expiries.count >= capacity || now - state.lastSweep >= sweepInterval {
                state.expiries = state.expiries.filter { $0.value >= now }
                state.lastSweep = now
            }
            guard state.expiries.count < capacity else { return .full }
            state.expiries[key] = expiry
            return .firstUse
        }
    }

    /// Entries currently held (for tests).
    var count: Int { state.withLock { $0.expiries.count } }
}
