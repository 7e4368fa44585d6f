import FaceStore
import PostgresNIO

extension PostgresFaceStore: NodeRegistry {
    public func heartbeat(_ node: NodeReport) async throws {
        try await executor.withConnection(within: timeouts.call, doing: "write the node's heartbeat") { [logger] connection in
            try await connection.run("""
                INSERT INTO nodes (node_id, schema_version, build, started_at, heartbeat_at, ready, status, behind,
                                   lag_p50_us, lag_p99_us, reloads)
                VALUES (\(node.nodeID), \(node.schemaVersion), \(node.build), \(node.startedAt),
                        (extract(epoch FROM clock_timestamp()) * 1000)::bigint, \(node.ready), \(node.status),
                        \(node.behind), \(node.lagP50Micros), \(node.lagP99Micros), \(node.reloads))
                ON CONFLICT (node_id) DO UPDATE SET
                    schema_version = excluded.schema_version, build = excluded.build, started_at = excluded.started_at,
                    heartbeat_at = excluded.heartbeat_at, ready = excluded.ready, status = excluded.status,
                    behind = excluded.behind, lag_p50_us = excluded.lag_p50_us, lag_p99_us = excluded.lag_p99_us,
                    reloads = excluded.reloads
                """, logger: logger)
        }
    }

    public func nodes() async throws -> [NodeRecord] {
        try await executor.withConnection(within: timeouts.call, doing: "list nodes") { [logger] connection in
            try await connection.rows("""
                SELECT node_id, schema_version, build, started_at, heartbeat_at, ready, status, behind,
                       lag_p50_us, lag_p99_us, reloads,
                       (extract(epoch FROM clock_timestamp()) * 1000)::bigint - heartbeat_at
                FROM nodes ORDER BY node_id
                """, logger: logger).map { row in
                    let (id, schema, build, started, heartbeat, ready, status, behind, p50, p99, reloads, age) =
                        try row.decode((String, Int, String, Int64, Int64, Bool, String, Int64, Int64?, Int64?, Int64,
                                        Int64).self)
                    return NodeRecord(
                        report: NodeReport(nodeID: id, schemaVersion: schema, build: build, startedAt: started,
                                           ready: ready, status: status, behind: behind, lagP50Micros: p50,
                                           lagP99Micros: p99, reloads: reloads),
                        heartbeatAt: heartbeat, heartbeatAgeMillis: age)
                }
        }
    }

    public func removeNode(id: String) async throws -> Bool {
        try await executor.withConnection(within: timeouts.call, doing: "remove a node") { [logger] connection in
            try await connection.firstRow("DELETE FROM nodes WHERE node_id = \(id) RETURNING 1", logger: logger) != nil
        }
    }
}
