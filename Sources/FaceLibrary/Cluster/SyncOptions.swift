/// How a node follows the database's change log (PostgreSQL mode).
public struct SyncOptions: Sendable, Equatable {
    /// Every this often the node reads every library's head and catches up:
    /// the safety net under notifications, which can be lost.
    public var pollInterval: Duration
    /// Whether the node LISTENs for change notifications (and its writes send
    /// them); off behind a pooler that drops NOTIFY (PgBouncer in transaction
    /// mode), where changes then reach the node within `pollInterval`.
    public var notifications: Bool
    /// How long change log rows are kept; a node behind by more reloads the
    /// library from a snapshot.
    public var changeRetention: Duration
    /// How often the log is pruned and expired single-use signatures are swept.
    public var maintenanceInterval: Duration

    public init(pollInterval: Duration = .seconds(2), notifications: Bool = true,
                changeRetention: Duration = .seconds(7 * 86_400), maintenanceInterval: Duration = .seconds(60)) {
        self.pollInterval = pollInterval
        self.notifications = notifications
        self.changeRetention = changeRetention
        self.maintenanceInterval = maintenanceInterval
    }

    public static let defaults = SyncOptions()
}
