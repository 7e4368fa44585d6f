import BlockingWork
import Synchronization
import Testing
@testable import FaceStore

/// Where SQLite calls run: on the store's own lanes (never the caller's
/// cooperative thread), one connection per reader lane.
@Suite struct SQLiteExecutorTests {
    /// The SQLite store's executor, for `body`.
    private func withExecutor(_ body: (SQLiteExecutor) async throws -> Void) async throws {
        try await StoreFixture.with(.sqlite) { fixture in
            let store = try #require(fixture.store as? SQLiteFaceStore)
            try await body(store.executor)
        }
    }

    @Test func readsAndWritesRunOnTheStoresLanes() async throws {
        try await withExecutor { executor in
            let reader = try await executor.read { _ in Lanes.currentLane }
            #expect(reader?.hasPrefix("FaceStore.reader.") == true)
            #expect(try await executor.write { _ in Lanes.currentLane } == "FaceStore.writer.0")
        }
    }

    @Test func eachReaderLaneKeepsOneConnection() async throws {
        try await withExecutor { executor in
            /// Per lane, the connections its reads were given.
            final class Seen: Sendable { let connections = Mutex<[String: Set<ObjectIdentifier>]>([:]) }
            let seen = Seen()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<64 {
                    group.addTask {
                        try await executor.read { connection in
                            let lane = Lanes.currentLane ?? "none"
                            seen.connections.withLock { _ = $0[lane, default: []].insert(ObjectIdentifier(connection)) }
                            // Still answers: a real connection, not a placeholder.
                            _ = try connection.prepare("SELECT 1").firstRow { $0.int(0) }
                        }
                    }
                }
                try await group.waitForAll()
            }
            let connections = seen.connections.withLock { $0 }
            #expect(!connections.keys.contains("none") && (1...4).contains(connections.count))
            #expect(connections.values.allSatisfy { $0.count == 1 })
            #expect(Set(connections.values.flatMap { $0 }).count == connections.count)
        }
    }
}
