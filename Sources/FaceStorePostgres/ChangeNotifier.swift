import Logging
import PostgresNIO
import Synchronization

// Design note: NOTIFY inside a writing transaction would take PostgreSQL's
// database-wide notification lock at every COMMIT, serialising all commits.
// So a write commits first and then announces itself here, in a statement of
// its own, off the request path. Announcements coalesce: while one NOTIFY is
// on its way, the libraries changed meanwhile gather and go out together in
// the next one (payload: library ids, comma-separated, under PostgreSQL's
// 8000-byte limit per notification). A lost announcement (a failure, a stop
// right after the commit) costs followers only time: they poll.

/// Sends coalesced change notifications after commits.
final class ChangeNotifier: Sendable {
    /// The channel every node LISTENs on.
    static let channel = "face_library_changes"
    /// Longest payload PostgreSQL accepts is 8000 bytes; ids are ≤ 20 digits and a comma.
    static let idsPerNotification = 350

    private let executor: PostgresExecutor
    private let state = Mutex(State())

    private struct State {
        var pending: Set<Int64> = []
        var sending = false
    }

    init(executor: PostgresExecutor) {
        self.executor = executor
    }

    /// Announces that `libraryID` changed (call after the commit).
    func changed(_ libraryID: Int64) {
        let start = state.withLock { state in
            state.pending.insert(libraryID)
            guard !state.sending else { return false }
            state.sending = true
            return true
        }
        if start { Task { await drain() } }
    }

    private func drain() async {
        while let ids = takePending() {
            for start in stride(from: 0, to: ids.count, by: Self.idsPerNotification) {
                let payload = ids[start..<min(start + Self.idsPerNotification, ids.count)].map(String.init)
                    .joined(separator: ",")
                do {
                    try await executor.withConnection(within: executor.timeouts.call, doing: "notify changes") {
                        [logger = executor.logger] connection in
                        try await connection.run("SELECT pg_notify(\(Self.channel), \(payload))", logger: logger)
                    }
                } catch {
                    executor.logger.warning("change notification not sent; other nodes see the change at their next poll",
                                            metadata: ["libraries": "\(payload)", "error": "\(error)"])
                }
            }
        }
    }

    /// The libraries to announce next, or nil (and no longer sending) when there are none.
    private func takePending() -> [Int64]? {
        state.withLock { state in
            guard !state.pending.isEmpty else {
                state.sending = false
                return nil
            }
            defer { state.pending.removeAll() }
            return state.pending.sorted()
        }
    }

    /// The library ids of a notification's payload (unparsable parts skipped).
    static func libraryIDs(in payload: String) -> [Int64] {
        payload.split(separator: ",").compactMap { Int64($0) }
    }
}
