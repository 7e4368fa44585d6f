import FaceStore
import PostgresNIO

// Design note: the seam's callers tell failures apart only by
// `StorageError.Reason`. PostgreSQL's SQLSTATE classes say which: 23 is an
// integrity rule (constraint); 08 (connection), 53 (resources), 57 (operator
// intervention: admin shutdown, statement timeout, crash recovery) and 40
// (serialization, deadlock) mean "not now"; 25006 (read-only transaction: a
// hot standby) too. postgres-nio's own errors without a server answer are
// connection failures.

extension StorageError {
    /// `error` in the seam's terms; errors that are already neutral, or that
    /// come from a caller's closure, pass through unchanged.
    static func from(_ error: any Error, doing action: @autoclosure () -> String) -> any Error {
        switch error {
        case is StorageError:
            return error
        case let error as PSQLError:
            return StorageError(reason(of: error), "\(action()): \(describe(error))")
        case let error as PostgresDecodingError:
            return StorageError(.failed, "\(action()): unexpected column type: \(error)")
        case is CancellationError:
            return StorageError(.unavailable, "\(action()): cancelled")
        default:
            return error
        }
    }

    private static func reason(of error: PSQLError) -> Reason {
        guard let state = error.serverInfo?[.sqlState] else {
            return error.code == .tooManyParameters ? .failed : .unavailable
        }
        if state == "25006" { return .unavailable }
        switch state.prefix(2) {
        case "23": return .constraint
        case "08", "40", "53", "57", "58": return .unavailable
        default: return .failed
        }
    }

    /// The server's message (and SQLSTATE), or the client's error code.
    static func describe(_ error: PSQLError) -> String {
        if let info = error.serverInfo, let message = info[.message] {
            return "\(message) (SQLSTATE \(info[.sqlState] ?? "?"))"
        }
        if let underlying = error.underlying { return "\(error.code): \(underlying)" }
        return "\(error.code)"
    }
}
