import FaceStore
import Synchronization

/// One condition a server must meet before it should get traffic (`/readyz`).
public protocol ReadinessCheck: Sendable {
    /// A short name shown in the readiness report, e.g. `database`.
    var name: String { get }
    /// nil when the condition holds; otherwise why not.
    func unreadyReason() async -> String?
}

/// Ready when the database takes its write lock within a deadline: the file
/// is open read-write, no writer is stuck, the server's write queue moves.
public struct DatabaseWritable: ReadinessCheck {
    public let name = "database"
    let directory: DataDirectory
    let timeout: Duration

    /// Checks `directory`'s database, failing after `timeout`.
    public init(_ directory: DataDirectory, timeout: Duration = .seconds(2)) {
        self.directory = directory
        self.timeout = timeout
    }

    public func unreadyReason() async -> String? {
        // Not a task group: a group waits for all its children, and a stuck
        // SQLite call cannot be cancelled. The first answer wins; a late
        // check finishes on its own.
        let pending = Mutex<CheckedContinuation<String?, Never>?>(nil)
        let answer: @Sendable (String?) -> Void = { reason in
            pending.withLock { $0.take() }?.resume(returning: reason)
        }
        return await withCheckedContinuation { continuation in
            pending.withLock { $0 = continuation }
            Task { [directory] in
                do {
                    try await directory.storage.checkWritable()
                    answer(nil)
                } catch {
                    answer("not writable: \(error)")
                }
            }
            Task { [timeout] in
                try? await Task.sleep(for: timeout)
                answer("no write lock within \(timeout)")
            }
        }
    }
}
