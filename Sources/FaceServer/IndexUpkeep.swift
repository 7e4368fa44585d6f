import FaceAPI
import FaceLibrary
import Logging
import Synchronization

// Design note: on SQLite the indexes are built once at start and kept by the
// server's own writes. On PostgreSQL other nodes write too, so the node
// follows the database's change log for as long as it runs (`ChangeFollower`)
// and reports itself in the nodes table (`NodeHeartbeat`) under its node id,
// which defaults to the host name and the API port (known once listening).

/// Keeps the served indexes loaded, and on PostgreSQL in step with other nodes.
final class IndexUpkeep: Sendable {
    /// Ready once the indexes are loaded (and on PostgreSQL, caught up).
    let readiness: any ReadinessCheck
    private let directory: DataDirectory
    private let configuredNodeID: String
    private let logger: Logger
    private let state = Mutex(State())

    private struct State {
        var nodeID = ""
        /// Awaited at stop: they end at once when cancelled.
        var tasks: [Task<Void, Never>] = []
        /// SQLite's one-off load: cancelled at stop, not awaited (a load in progress ends on its own).
        var load: Task<Void, Never>?
        var heartbeat: NodeHeartbeat?
    }

    init(directory: DataDirectory, nodeID: String, logger: Logger) {
        self.directory = directory
        configuredNodeID = nodeID
        self.logger = logger
        readiness = directory.services.follower.map { $0 as any ReadinessCheck }
            ?? IndexReadiness(services: directory.services)
        state.withLock { $0.nodeID = nodeID }
    }

    /// Starts loading (and following) the indexes; requests are served meanwhile.
    func start() {
        if let follower = readiness as? ChangeFollower {
            let task = Task { await follower.run() }
            state.withLock { $0.tasks.append(task) }
        } else if let indexes = readiness as? IndexReadiness {
            let task = Task { [logger] in await indexes.load(logger: logger) }
            state.withLock { $0.load = task }
        }
    }

    /// The API listens on `port`: the node id is settled and the heartbeat starts.
    func listening(on port: Int, readiness checks: [any ReadinessCheck]) {
        let nodeID = configuredNodeID.isEmpty ? NodeHeartbeat.defaultNodeID(port: port) : configuredNodeID
        guard let heartbeat = directory.nodeHeartbeat(nodeID: nodeID, readiness: { await Self.reason(checks) },
                                                      logger: logger) else { return }
        let task = Task { await heartbeat.run() }
        state.withLock { state in
            state.nodeID = nodeID
            state.heartbeat = heartbeat
            state.tasks.append(task)
        }
        logger.notice("node reporting to the nodes table", metadata: ["node_id": "\(nodeID)"])
    }

    /// This node's id (settled once listening).
    var nodeID: String { state.withLock(\.nodeID) }

    /// Stops following and heartbeats, and removes the node's row (a clean stop).
    func stop() async {
        let (tasks, load, heartbeat) = state.withLock { ($0.tasks, $0.load, $0.heartbeat) }
        load?.cancel()
        for task in tasks { task.cancel() }
        for task in tasks { await task.value }
        await heartbeat?.remove()
    }

    /// The admin routes: with a follower, also `/sync`.
    func adminAPI(readiness checks: [any ReadinessCheck], metrics: @escaping @Sendable () async -> [UInt8]) -> AdminAPI {
        guard let follower = directory.services.follower, let indexes = directory.services.recognition?.indexes else {
            return AdminAPI(readiness: checks, metrics: metrics)
        }
        return AdminAPI(readiness: checks, metrics: metrics, nodeID: { [weak self] in self?.nodeID ?? "" },
                        follower: follower, indexes: indexes)
    }

    /// The first reason among `checks` why the node is not ready, as /readyz words it.
    private static func reason(_ checks: [any ReadinessCheck]) async -> String? {
        for check in checks {
            if let reason = await check.unreadyReason() { return "\(check.name): \(reason)" }
        }
        return nil
    }
}
