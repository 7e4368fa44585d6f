import FaceLibrary

/// The admin listener's `GET /sync`: how this node follows the database's
/// change log (PostgreSQL mode), for ops and for `facectl check`.
///
///   {"node_id":…, "ready":bool, "status":"…", "listening":bool, "behind":n,
///    "applied_changes":n, "reloads":{"pruned":n,…},
///    "lag_p50_us":n|null, "lag_p99_us":n|null, "recent_lag_us":[…],
///    "libraries":[{"library_id":n, "applied_seq":n, "vectors":n}, …]}
struct SyncReport: Sendable {
    let nodeID: @Sendable () -> String
    let follower: ChangeFollower
    let indexes: any IndexStatusProvider

    func json() async -> JSONValue {
        let reason = await follower.unreadyReason()
        let figures = follower.statistics.snapshot
        let libraries = await indexes.indexFigures().sorted { $0.key < $1.key }.map { id, loaded in
            JSONValue.object([("library_id", .integer(id)), ("applied_seq", loaded.appliedSeq.map(JSONValue.integer) ?? .null),
                              ("vectors", .integer(Int64(loaded.vectors)))])
        }
        let reloads = ReloadReason.allCases.map { ($0.rawValue, JSONValue.integer(figures.reloadsByReason[$0] ?? 0)) }
        return .object([
            ("node_id", .string(nodeID())),
            ("ready", .bool(reason == nil)),
            ("status", .string(reason ?? "ok")),
            ("listening", .bool(follower.isListening)),
            ("behind", .integer(figures.behind)),
            ("applied_changes", .integer(figures.appliedChanges)),
            ("reloads", .object(reloads)),
            ("lag_p50_us", figures.lagP50Micros.map(JSONValue.integer) ?? .null),
            ("lag_p99_us", figures.lagP99Micros.map(JSONValue.integer) ?? .null),
            ("recent_lag_us", .array(figures.recentLagMicros.map(JSONValue.integer))),
            ("libraries", .array(libraries)),
        ])
    }
}
