import CSQLite
import Dispatch
import Synchronization

// Design note: SQLite calls block, so none may run on a NIO event loop or on
// Swift's cooperative pool. Writes go to one connection on one serial queue
// (SQLite allows a single writer anyway; serialising here avoids busy waits
// between our own writers). Reads use a small pool of connections on a
// concurrent queue; in WAL mode they never block the writer nor each other.
// A read-only database has no writer: every write fails at once, untried.
//
//   async caller ──write──▶ writerQueue (serial)     ──▶ writer connection
//                ──read───▶ readerQueue (concurrent) ──▶ idle reader (≤ readerLimit)

/// Runs blocking SQLite work off the caller's thread and bridges it to async.
final class SQLiteExecutor: Sendable {
    /// Whether writes are possible at all.
    let access: DatabaseAccess
    /// Whether they are succeeding now.
    let health: WriteHealth
    private let opener: DatabaseOpener
    private let writer: SQLiteConnection?
    private let writerQueue = DispatchQueue(label: "FaceStore.writer")
    private let readerQueue = DispatchQueue(label: "FaceStore.readers", attributes: .concurrent)
    private let readerSlots: DispatchSemaphore
    private let idleReaders = Mutex<[SQLiteConnection]>([])

    /// Wraps an open writer connection (nil for a read-only database); readers open lazily on first use.
    init(opener: DatabaseOpener, writer: SQLiteConnection?, access: DatabaseAccess, health: WriteHealth,
         readerLimit: Int) {
        self.opener = opener
        self.writer = writer
        self.access = access
        self.health = health
        self.readerSlots = DispatchSemaphore(value: max(1, readerLimit))
    }

    /// Runs `body` on the writer connection.
    func write<T: Sendable>(_ body: @escaping @Sendable (SQLiteConnection) throws -> T) async throws -> T {
        guard let writer else {
            throw SQLiteError(code: SQLITE_READONLY, message: "the database was opened read-only (\(access.readOnlyReason ?? "?"))")
        }
        return try await withCheckedThrowingContinuation { continuation in
            writerQueue.async { [health] in
                let result = Result { try body(writer) }
                health.record(result, on: writer)
                continuation.resume(with: result)
            }
        }
    }

    /// Runs `body` on a reader connection.
    func read<T: Sendable>(_ body: @escaping @Sendable (SQLiteConnection) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            readerQueue.async { [self] in
                continuation.resume(with: Result { try withReader(body) })
            }
        }
    }

    private func withReader<T>(_ body: (SQLiteConnection) throws -> T) throws -> T {
        readerSlots.wait()
        defer { readerSlots.signal() }
        let connection = try idleReaders.withLock { $0.popLast() } ?? opener.connection()
        defer { idleReaders.withLock { $0.append(connection) } }
        return try body(connection)
    }
}
