/// The nodes serving one database, each reporting itself by heartbeat.
public protocol NodeRegistry: Sendable {
    /// Inserts or replaces the node's row, stamping its heartbeat with the database clock.
    func heartbeat(_ node: NodeReport) async throws
    /// Every node's latest report with its heartbeat's age, by node id.
    func nodes() async throws -> [NodeRecord]
    /// Deletes the node's row (a clean stop, or ops forgetting a node); false when there was none.
    func removeNode(id: String) async throws -> Bool
}

/// What a node reports about itself at each heartbeat.
public struct NodeReport: Sendable, Equatable {
    public var nodeID: String
    /// The newest schema migration the binary knows.
    public var schemaVersion: Int
    /// A digest of the node's executable: tells builds apart.
    public var build: String
    /// Unix milliseconds.
    public var startedAt: Int64
    public var ready: Bool
    /// Why the node is not ready; empty when it is.
    public var status: String
    /// Changes committed but not applied at the node's last sync.
    public var behind: Int64
    /// Commit → applied on this node over recent changes, microseconds (nil before any).
    public var lagP50Micros: Int64?
    public var lagP99Micros: Int64?
    /// Full reloads of a library since the node started.
    public var reloads: Int64

    public init(nodeID: String, schemaVersion: Int, build: String, startedAt: Int64, ready: Bool, status: String,
                behind: Int64, lagP50Micros: Int64?, lagP99Micros: Int64?, reloads: Int64) {
        self.nodeID = nodeID
        self.schemaVersion = schemaVersion
        self.build = build
        self.startedAt = startedAt
        self.ready = ready
        self.status = status
        self.behind = behind
        self.lagP50Micros = lagP50Micros
        self.lagP99Micros = lagP99Micros
        self.reloads = reloads
    }
}

/// A node's row: its last report and how long ago it came.
public struct NodeRecord: Sendable, Equatable {
    public var report: NodeReport
    /// Unix milliseconds, database clock.
    public var heartbeatAt: Int64
    /// Milliseconds since the heartbeat, by the database clock.
    public var heartbeatAgeMillis: Int64

    public init(report: NodeReport, heartbeatAt: Int64, heartbeatAgeMillis: Int64) {
        self.report = report
        self.heartbeatAt = heartbeatAt
        self.heartbeatAgeMillis = heartbeatAgeMillis
    }
}
