import Foundation
import Logging
import Synchronization

// Design note: a database can stop taking writes while the server runs: the
// disk fills up, or the kernel turns the filesystem read-only after an I/O
// error (an explicit `remount,ro` is refused while files are open for
// writing). Nothing cheap tells in advance (on an ext4 turned read-only by an
// error, statvfs(2) and access(2) still say writable), so the writer's own
// failures are the signal: the first one is logged, and the state holds
// until a write succeeds again.

/// Whether the store's writes are failing because the storage refuses them.
final class WriteHealth: Sendable {
    private let failure = Mutex<String?>(nil)
    private let logger: Logger

    init(logger: Logger) {
        self.logger = logger
    }

    /// Why the last write failed for a storage reason; nil when it succeeded.
    var failureReason: String? { failure.withLock { $0 } }

    /// Notes how a write on `connection` ended, logging when the state changes.
    func record<T>(_ result: Result<T, any Error>, on connection: SQLiteConnection) {
        switch result {
        case .success:
            guard failure.withLock({ $0.take() }) != nil else { return }
            logger.notice("database writable again")
        case .failure(let error as SQLiteError) where error.isStorageFailure:
            let systemErrno = connection.systemErrno
            let reason = systemErrno == 0 ? "\(error)" : "\(error) (\(String(cString: strerror(systemErrno))))"
            let first = failure.withLock { failure in
                defer { failure = reason }
                return failure == nil
            }
            if first {
                logger.error("database writes failing; writes answer 500 INTERNAL_ERROR and change nothing, reads go on",
                             metadata: ["error": "\(reason)"])
            }
        case .failure:
            return
        }
    }
}
