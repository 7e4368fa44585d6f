import BlockingWork
import CSQLite
import Synchronization

// Design note: SQLite calls block, so none may run on a NIO event loop or on
// Swift's cooperative pool: they run on lanes (BlockingWork), dedicated
// threads at the priority of the threads answering requests (SQLite work is
// short and light requests wait on it). Writes go to one lane owning the
// writer connection (SQLite allows a single writer anyway; serialising here
// avoids busy waits between our own writers). Reads go to `readerLimit`
// lanes, each owning one reader connection opened on its first read; in WAL
// mode they never block the writer nor each other. Both lines are FIFO and
// never refuse. A read-only database has no writer: every write fails at
// once, untried.
//
//   async caller ──write──▶ writer lane (1)                ──▶ writer connection
//                ──read───▶ reader lanes (readerLimit), FIFO ──▶ that lane's connection

/// Runs blocking SQLite work off the caller's thread and bridges it to async.
final class SQLiteExecutor: Sendable {
    /// Whether writes are possible at all.
    let access: DatabaseAccess
    /// Whether they are succeeding now.
    let health: WriteHealth
    private let opener: DatabaseOpener
    private let writer: SQLiteConnection?
    private let writerLane = Lanes(name: "FaceStore.writer", count: 1)
    private let readerLanes: Lanes
    /// Reader lane i's connection at index i, opened and used on that lane's thread only.
    private let laneReaders: Mutex<[SQLiteConnection?]>

    /// Wraps an open writer connection (nil for a read-only database); readers open lazily on first use.
    init(opener: DatabaseOpener, writer: SQLiteConnection?, access: DatabaseAccess, health: WriteHealth,
         readerLimit: Int) {
        self.opener = opener
        self.writer = writer
        self.access = access
        self.health = health
        readerLanes = Lanes(name: "FaceStore.reader", count: readerLimit)
        laneReaders = Mutex(Array(repeating: nil, count: readerLanes.count))
    }

    /// Runs `body` on the writer connection.
    func write<T: Sendable>(_ body: @escaping @Sendable (SQLiteConnection) throws -> T) async throws -> T {
        guard let writer else {
            throw SQLiteError(code: SQLITE_READONLY, message: "the database was opened read-only (\(access.readOnlyReason ?? "?"))")
        }
        return try await writerLane.run { [health] _ in
            let result = Result { try body(writer) }
            health.record(result, on: writer)
            return try result.get()
        }
    }

    /// Runs `body` on a reader connection.
    func read<T: Sendable>(_ body: @escaping @Sendable (SQLiteConnection) throws -> T) async throws -> T {
        try await readerLanes.run { [self] lane in
            try body(readerConnection(lane: lane))
        }
    }

    /// Lane `lane`'s connection, opened on its first read (a failed open is retried on the next).
    private func readerConnection(lane: Int) throws -> SQLiteConnection {
        if let open = laneReaders.withLock({ $0[lane] }) { return open }
        let connection = try opener.connection()
        laneReaders.withLock { $0[lane] = connection }
        return connection
    }
}
