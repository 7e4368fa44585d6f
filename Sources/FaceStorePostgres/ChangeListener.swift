import FaceStore
import Logging
import PostgresNIO

// Design note: LISTEN needs a connection of its own (the pool has no listen
// API, and a pooled connection returns to others). postgres-nio ends the
// notification sequence with an error within milliseconds when the backend
// is killed or the socket closes, but a half-open TCP connection says
// nothing, ever. So the listening connection is also pinged at every
// `pingInterval` under a deadline; a ping that fails or is late ends the
// stream with an error, and the caller reconnects and catches up.

extension PostgresFaceStore: ChangeNotifications {
    public func changeWakeUps() -> AsyncThrowingStream<ChangeWakeUp, any Error> {
        let (stream, continuation) = AsyncThrowingStream<ChangeWakeUp, any Error>.makeStream()
        let task = Task { [url, timeouts, logger, applicationName] in
            do {
                let connection = try await PostgresLogin.connect(url, timeouts: timeouts,
                                                                 applicationName: applicationName + " listener",
                                                                 logger: logger)
                defer { closeNow(connection) }
                try await connection.listen(on: ChangeNotifier.channel) { notifications in
                    continuation.yield(.listening)
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        group.addTask {
                            for try await notification in notifications {
                                continuation.yield(.changed(ChangeNotifier.libraryIDs(in: notification.payload)))
                            }
                            throw StorageError(.unavailable, "the change notification connection closed")
                        }
                        group.addTask {
                            while true {
                                try await Task.sleep(for: Self.listenerPingInterval)
                                try await Self.ping(connection, within: timeouts.call, logger: logger)
                            }
                        }
                        try await group.next()
                        group.cancelAll()
                    }
                }
                continuation.finish()
            } catch {
                continuation.finish(throwing: StorageError.from(error, doing: "listen for library changes"))
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    /// How often the listening connection proves it is alive.
    static let listenerPingInterval: Duration = .seconds(5)

    /// `SELECT 1` on `connection`, closing it when no answer comes within `limit`.
    private static func ping(_ connection: PostgresConnection, within limit: Duration, logger: Logger) async throws {
        try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask {
                try await connection.run("SELECT 1", logger: logger)
                return true
            }
            group.addTask {
                try await Task.sleep(for: limit)
                return false
            }
            defer { group.cancelAll() }
            guard try await group.next() == true else {
                closeNow(connection)
                throw StorageError(.unavailable, "the change notification connection did not answer within \(limit)")
            }
        }
    }
}
