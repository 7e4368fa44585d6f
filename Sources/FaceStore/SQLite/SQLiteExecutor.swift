import Dispatch
import Synchronization

// Design note: SQLite calls block, so none may run on a NIO event loop or on
// Swift's cooperative pool. Writes go to one connection on one serial queue
// (SQLite allows a single writer anyway; serialising here avoids busy waits
// between our own writers). Reads use a small pool of connections on a
// concurrent queue; in WAL mode they never block the writer nor each other.
//
//   async caller ──write──▶ writerQueue (serial)     ──▶ writer connection
//                ──read───▶ readerQueue (concurrent) ──▶ idle reader (≤ readerLimit)

/// Runs blocking SQLite work off the caller's thread and bridges it to async.
final class SQLiteExecutor: Sendable {
    private let path: String
    private let writer: SQLiteConnection
    private let writerQueue = DispatchQueue(label: "FaceStore.writer")
    private let readerQueue = DispatchQueue(label: "FaceStore.readers", attributes: .concurrent)
    private let readerSlots: DispatchSemaphore
    private let idleReaders = Mutex<[SQLiteConnection]>([])

    /// Wraps an open writer connection; readers open lazily on first use.
    init(path: String, writer: SQLiteConnection, readerLimit: Int) {
        self.path = path
        self.writer = writer
        self.readerSlots = DispatchSemaphore(value: max(1, readerLimit))
    }

    /// Runs `body` on the writer connection.
    func write<T: Sendable>(_ body: @escaping @Sendable (SQLiteConnection) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            writerQueue.async { [writer] in
                continuation.resume(with: Result { try body(writer) })
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

    /// Runs `body` on a reader connection on the calling thread, which must
    /// be one that may block (never an event loop or the cooperative pool).
    func readNow<T>(_ body: (SQLiteConnection) throws -> T) throws -> T {
        try withReader(body)
    }

    private func withReader<T>(_ body: (SQLiteConnection) throws -> T) throws -> T {
        readerSlots.wait()
        defer { readerSlots.signal() }
        let connection = try idleReaders.withLock { $0.popLast() } ?? SQLiteConnection(path: path)
        defer { idleReaders.withLock { $0.append(connection) } }
        return try body(connection)
    }
}
