import FaceStore
import FaceStorePostgres
import Foundation
import Logging

/// Reports this node in the database's `nodes` table every few seconds:
/// its build, readiness and sync figures (`facectl nodes` lists them).
public final class NodeHeartbeat: Sendable {
    /// Seconds between reports; `facectl nodes` calls a node stale after three missed.
    public static let interval: Duration = .seconds(5)

    public let nodeID: String
    private let registry: any NodeRegistry
    private let statistics: SyncStatistics
    private let readiness: @Sendable () async -> String?
    private let startedAt = Int64(Date().timeIntervalSince1970 * 1000)
    private let logger: Logger

    /// Reports `nodeID` to `registry`, with `statistics` and the reason the node is not ready (nil: ready).
    public init(nodeID: String, registry: any NodeRegistry, statistics: SyncStatistics,
                readiness: @escaping @Sendable () async -> String?, logger: Logger) {
        self.nodeID = nodeID
        self.registry = registry
        self.statistics = statistics
        self.readiness = readiness
        self.logger = logger
    }

    /// Reports until cancelled.
    public func run() async {
        var failing = false
        while !Task.isCancelled {
            do {
                try await registry.heartbeat(report())
                if failing { logger.notice("node heartbeat written again") }
                failing = false
            } catch {
                if !failing { logger.warning("node heartbeat not written", metadata: ["error": "\(error)"]) }
                failing = true
            }
            try? await Task.sleep(for: Self.interval)
        }
    }

    /// Removes the node's row (at a clean stop).
    public func remove() async {
        do {
            _ = try await registry.removeNode(id: nodeID)
        } catch {
            logger.warning("node row not removed; facectl nodes shows it stale", metadata: ["error": "\(error)"])
        }
    }

    private func report() async -> NodeReport {
        let reason = await readiness()
        let figures = statistics.snapshot
        return NodeReport(nodeID: nodeID, schemaVersion: Self.schemaVersion, build: Self.build, startedAt: startedAt,
                          ready: reason == nil, status: reason ?? "", behind: figures.behind,
                          lagP50Micros: figures.lagP50Micros, lagP99Micros: figures.lagP99Micros,
                          reloads: figures.reloads)
    }

    /// The newest PostgreSQL migration this binary carries.
    static let schemaVersion = PostgresMigrationCatalog.all.map(\.version).max() ?? 0

    /// The running executable's modification time and size: tells builds
    /// apart without reading the whole file.
    static let build: String = {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: "/proc/self/exe"),
              let modified = attributes[.modificationDate] as? Date,
              let size = (attributes[.size] as? NSNumber)?.intValue else { return "unknown" }
        let format = ISO8601DateFormatter()
        return "\(format.string(from: modified))/\(size)"
    }()

    /// `host:port`, the default node id.
    public static func defaultNodeID(port: Int) -> String {
        "\(ProcessInfo.processInfo.hostName):\(port)"
    }
}
