import ArgumentParser
import FaceLibrary
import FaceStore

/// `facectl nodes …`: the face-server nodes sharing a PostgreSQL database.
struct NodesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nodes",
        abstract: "List the face-server nodes of a PostgreSQL deployment (build, readiness, sync lag, last "
            + "heartbeat), or forget one that is gone.",
        subcommands: [NodesList.self, NodesForget.self], defaultSubcommand: NodesList.self)

    @OptionGroup var data: DataDirectoryOptions
}

/// `facectl nodes list`: one JSON object per node.
struct NodesList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List nodes as JSON lines.",
        discussion: """
            Each node writes its row every 5 s while it runs and removes it at a clean stop. A node whose
            last heartbeat is older than 15 s is "stale": stopped hard, hung or cut off from the database.
            behind: changes committed that the node had not applied at its last sync; lag_p50_ms and
            lag_p99_ms: commit → applied on the node over its recent changes; reloads: libraries it
            rebuilt from a snapshot since it started.
            """)

    @OptionGroup var data: DataDirectoryOptions

    /// Missed heartbeats after which a node is reported stale.
    static let staleAfterMillis: Int64 = 3 * 5000

    func run() async throws {
        for node in try await data.open().nodes() {
            let report = node.report
            try JSONLine.print(NodeJSON(
                node_id: report.nodeID, ready: report.ready, status: report.status,
                stale: node.heartbeatAgeMillis > Self.staleAfterMillis,
                heartbeat_age_ms: node.heartbeatAgeMillis, schema_version: report.schemaVersion, build: report.build,
                started_at: report.startedAt, behind: report.behind,
                lag_p50_ms: report.lagP50Micros.map { Double($0) / 1000 },
                lag_p99_ms: report.lagP99Micros.map { Double($0) / 1000 }, reloads: report.reloads))
        }
    }

    private struct NodeJSON: Encodable {
        let node_id: String
        let ready: Bool
        let status: String
        let stale: Bool
        let heartbeat_age_ms: Int64
        let schema_version: Int
        let build: String
        let started_at: Int64
        let behind: Int64
        let lag_p50_ms: Double?
        let lag_p99_ms: Double?
        let reloads: Int64
    }
}

/// `facectl nodes forget NODE`: removes the row of a node that is gone for good.
struct NodesForget: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forget",
        abstract: "Remove a node's row (a node stopped for good without a clean stop); a running node writes it again.")

    @OptionGroup var data: DataDirectoryOptions
    @Argument(help: "The node id, as `facectl nodes` lists it.")
    var nodeID: String

    func run() async throws {
        guard try await data.open().forgetNode(nodeID) else {
            throw ValidationError("no node \(nodeID)")
        }
        try JSONLine.print(["forgotten": nodeID])
    }
}
