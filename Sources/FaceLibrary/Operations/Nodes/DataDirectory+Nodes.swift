import FaceStore
import Logging

extension DataDirectory {
    /// A heartbeat reporting this process as node `nodeID` (PostgreSQL with a
    /// served model); nil on SQLite, where one server is the whole service.
    public func nodeHeartbeat(nodeID: String, readiness: @escaping @Sendable () async -> String?,
                              logger: Logger) -> NodeHeartbeat? {
        guard let cluster, let follower = services.follower else { return nil }
        return NodeHeartbeat(nodeID: nodeID, registry: cluster.nodes, statistics: follower.statistics,
                             readiness: readiness, logger: logger)
    }

    /// Every node that reported to this database, by node id.
    ///
    /// - Throws: `DataDirectoryError.onlyOnPostgres` on SQLite.
    public func nodes() async throws -> [NodeRecord] {
        guard let cluster else { throw DataDirectoryError.onlyOnPostgres("nodes") }
        return try await cluster.nodes.nodes()
    }

    /// Deletes a node's row (one that is gone for good); false when there was none.
    public func forgetNode(_ nodeID: String) async throws -> Bool {
        guard let cluster else { throw DataDirectoryError.onlyOnPostgres("nodes forget") }
        return try await cluster.nodes.removeNode(id: nodeID)
    }

    /// Every live library's change log head (PostgreSQL), by library row id.
    func libraryHeads() async throws -> [Int64: LibraryHead]? {
        guard let cluster else { return nil }
        return Dictionary(uniqueKeysWithValues: try await cluster.changeLog.libraryHeads().map { ($0.libraryID, $0) })
    }
}
