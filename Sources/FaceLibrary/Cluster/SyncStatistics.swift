import Foundation
import Metrics
import Synchronization

// Design note: what a node knows about how well it follows the database,
// for /readyz, the admin /sync report, the nodes table and Prometheus:
//   facesearch_sync_lag_seconds            histogram, commit → applied here, per change from the log
//   facesearch_sync_behind_changes         gauge, changes committed and not applied at the last sync
//   facesearch_index_reloads_total{reason} counter, full reloads of a library's index
// Propagation lag compares the database clock (the change's commit time) with
// this host's; on hosts with synchronised clocks (NTP) it is good to a
// millisecond or so, and exact when both run on one machine.

/// Why a library's index was rebuilt from a snapshot instead of followed.
public enum ReloadReason: String, Sendable, CaseIterable {
    /// The log no longer holds the row at the node's position (retention).
    case pruned
    /// A sequence number missing between two rows read.
    case gap
    /// The row at the node's position has another tag: another history.
    case tag
    /// The library id now belongs to another incarnation.
    case incarnation
    /// The database is at an earlier position than the node (restored).
    case behind
    /// The log says the faces came in bulk (an import).
    case replaced
}

/// Counters and recent samples of one node's sync with the database.
public final class SyncStatistics: Sendable {
    /// Recent propagation samples kept for percentiles.
    static let sampleCapacity = 4096

    private struct State {
        var lagSamples: [Int64] = []
        var nextSample = 0
        var appliedChanges: Int64 = 0
        var reloads: [ReloadReason: Int64] = [:]
        var behind: Int64 = 0
    }

    private let state = Mutex(State())

    public init() {}

    /// Records a change from the log applied here, committed at `committedAt` (Unix µs, database clock).
    func recordApplied(committedAt: Int64) {
        let lag = max(0, Self.nowMicros() - committedAt)
        Timer(label: "facesearch_sync_lag_seconds").recordNanoseconds(lag * 1000)
        state.withLock { state in
            state.appliedChanges += 1
            if state.lagSamples.count < Self.sampleCapacity {
                state.lagSamples.append(lag)
            } else {
                state.lagSamples[state.nextSample] = lag
                state.nextSample = (state.nextSample + 1) % Self.sampleCapacity
            }
        }
    }

    /// Records a full reload of a library's index.
    func recordReload(_ reason: ReloadReason) {
        Counter(label: "facesearch_index_reloads_total", dimensions: [("reason", reason.rawValue)]).increment()
        state.withLock { $0.reloads[reason, default: 0] += 1 }
    }

    /// Sets the number of changes committed and not yet applied, as the last sync found it.
    func recordBehind(_ changes: Int64) {
        Gauge(label: "facesearch_sync_behind_changes").record(changes)
        state.withLock { $0.behind = changes }
    }

    /// The figures as they are now.
    public var snapshot: SyncFigures {
        state.withLock { state in
            let sorted = state.lagSamples.sorted()
            func percentile(_ p: Double) -> Int64? {
                sorted.isEmpty ? nil : sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)]
            }
            return SyncFigures(appliedChanges: state.appliedChanges, reloads: state.reloads.values.reduce(0, +),
                               reloadsByReason: state.reloads, behind: state.behind,
                               lagP50Micros: percentile(0.5), lagP99Micros: percentile(0.99),
                               recentLagMicros: sorted)
        }
    }

    /// Unix microseconds now, this host's clock.
    static func nowMicros() -> Int64 {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return Int64(time.tv_sec) * 1_000_000 + Int64(time.tv_nsec) / 1000
    }
}

/// A node's sync figures at one moment.
public struct SyncFigures: Sendable, Equatable {
    /// Changes read from the log and applied since start (own writes not counted).
    public var appliedChanges: Int64
    public var reloads: Int64
    public var reloadsByReason: [ReloadReason: Int64]
    /// Changes committed and not applied at the last sync.
    public var behind: Int64
    public var lagP50Micros: Int64?
    public var lagP99Micros: Int64?
    /// The recent commit → applied samples, ascending, microseconds.
    public var recentLagMicros: [Int64]
}
