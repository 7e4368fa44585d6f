import FaceLibrary
import Foundation

// Design note: the deployment README's "Running several nodes" describes,
// on one machine: one PostgreSQL database (a fresh one on the test cluster),
// one sealing key file, and N face-server processes on loopback, each with a
// data directory of its own, a fixed admin port (so a restarted node keeps
// its address, as behind a load balancer) and a node id `node<i>`. A client
// talks to any node; the tests play the load balancer.

/// PostgreSQL plus several face-server processes sharing it.
public final class ClusterHarness: @unchecked Sendable {
    public let database: TestDatabase
    public let directory: TemporaryDirectory
    /// The one sealing key file every node and facectl load.
    public let keyFile: String
    public let nodes: [ServerProcess]
    /// Each node's admin listener port.
    public let adminPorts: [Int]

    /// Describes `count` nodes (not started) started with `arguments`, plus `perNode(i)` for node i.
    public init(nodes count: Int = 3, arguments: [String] = [],
                perNode: (Int) -> [String] = { _ in [] }) throws {
        database = try TestPostgres.makeDatabase()
        directory = try TemporaryDirectory(prefix: "face-cluster")
        keyFile = directory.appending("secret-sealing.key")
        try SealingKeyFile.create(at: keyFile, key: (0..<32).map { _ in UInt8.random(in: 0 ... .max) })
        var nodes: [ServerProcess] = []
        var adminPorts: [Int] = []
        for index in 0..<count {
            let adminPort = try FreePort.pick()
            adminPorts.append(adminPort)
            nodes.append(ServerProcess(
                dataDirectory: directory.appending("node\(index)"), databaseURL: database.url, sealingKeyFile: keyFile,
                extraArguments: ["--node-id", "node\(index)", "--admin-port", String(adminPort)] + arguments
                    + perNode(index)))
        }
        self.nodes = nodes
        self.adminPorts = adminPorts
    }

    /// Starts every node at once and waits until each answers /readyz 200.
    public func start(readyWithin limit: Duration = .seconds(120)) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for node in nodes { group.addTask { try await node.start(timeout: limit) } }
            try await group.waitForAll()
        }
        for index in nodes.indices { try await waitUntilReady(index, within: limit) }
    }

    /// Waits until node `index` answers /readyz 200.
    public func waitUntilReady(_ index: Int, within limit: Duration = .seconds(60)) async throws {
        let deadline = ContinuousClock.now + limit
        while true {
            let reply = try? await readiness(index)
            if reply?.status == 200 { return }
            guard ContinuousClock.now < deadline else {
                throw ClusterHarnessError.notReady(index, reply.map { "\($0)" } ?? "no answer")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// Node `index`'s /readyz answer.
    public func readiness(_ index: Int) async throws -> HTTPReply {
        try await admin(index, "/readyz")
    }

    /// Node `index`'s /sync report.
    public func sync(_ index: Int) async throws -> JSONNode {
        let reply = try await admin(index, "/sync")
        guard reply.status == 200, let json = reply.json else { throw ClusterHarnessError.badReply(index, "\(reply)") }
        return json
    }

    /// The change of library `libraryID` that node `index` has applied (nil: not loaded).
    public func appliedSeq(_ index: Int, libraryID: Int64) async throws -> Int64? {
        let libraries = try await sync(index)["libraries"]?.array ?? []
        return libraries.first { $0["library_id"]?.int.map(Int64.init) == libraryID }?["applied_seq"]?.int.map(Int64.init)
    }

    /// `GET path` on node `index`'s admin listener.
    public func admin(_ index: Int, _ path: String) async throws -> HTTPReply {
        try await FaceClient(port: adminPorts[index], credentials: Credentials(apiKey: "", apiSecret: ""))
            .post(path: path, contentType: nil, body: [], method: "GET")
    }

    /// A tenant app made as ops would (facectl's code, the cluster's key).
    public func createApp(name: String = "cluster app", quotas: AppQuotas = .defaults) async throws -> Credentials {
        try await nodes[0].createApp(name: name, quotas: quotas)
    }

    /// A client of every node for `credentials`, by node index.
    public func clients(_ credentials: Credentials) -> [FaceClient] {
        nodes.map { $0.client(credentials) }
    }

    /// The row id and change_seq of the live library `groupID`, read with psql.
    public func library(_ groupID: String) throws -> (id: Int64, seq: Int64) {
        let row = try database.execute("""
            SELECT id || ' ' || change_seq FROM libraries WHERE group_id = '\(groupID)' AND freed_at IS NULL
            """).split(separator: " ").compactMap { Int64($0) }
        guard row.count == 2 else { throw ClusterHarnessError.noLibrary(groupID) }
        return (row[0], row[1])
    }

    /// Runs facectl on the cluster's database and key file (`arguments` end with the subcommand's own).
    public func facectl(_ arguments: [String]) async throws -> Facectl.Result {
        try await Facectl.run(arguments + ["--sealing-key-file", keyFile], dataDirectory: directory.appending("ops"),
                              databaseURL: database.url)
    }

    /// The admin URL of every node, as `facectl check --admin-url` takes them.
    public var adminURLs: [String] { adminPorts.map { "http://127.0.0.1:\($0)" } }

    /// Stops every running node (SIGTERM); returns their exit statuses.
    @discardableResult
    public func stop() async throws -> [Int32] {
        var statuses: [Int32] = []
        for node in nodes { statuses.append(try await node.stop()) }
        return statuses
    }

    /// Kills what still runs, removes the files and drops the database.
    public func remove() {
        for node in nodes { if let pid = node.processID { kill(pid, SIGKILL) } }
        directory.remove()
        database.drop()
    }
}

/// A cluster harness step that did not work out.
public enum ClusterHarnessError: Error, CustomStringConvertible {
    case notReady(Int, String)
    case badReply(Int, String)
    case noLibrary(String)

    public var description: String {
        switch self {
        case let .notReady(index, reply): "node \(index) not ready in time: \(reply)"
        case let .badReply(index, reply): "node \(index) answered: \(reply)"
        case .noLibrary(let groupID): "no live library \(groupID)"
        }
    }
}
