/// A storage failure in terms that do not depend on the database behind the
/// seam: what the caller can tell apart, plus the backend's own message.
///
/// Every backend throws only this from `FaceStorage` and `StorageMaintenance`
/// (errors of caller-supplied closures pass through unchanged).
public struct StorageError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What kind of failure it was.
    public enum Reason: String, Sendable, Equatable {
        /// A rule of the schema refused the change (a duplicate unique value,
        /// a CHECK); nothing was changed.
        case constraint
        /// The database cannot do work right now: unreachable, closed, timed
        /// out, read-only, out of space, failing I/O. Nothing was changed,
        /// except where a commit's outcome was unknown (`commitOutcomeUnknown`).
        case unavailable
        /// The connection broke while COMMIT was on its way: the change may or
        /// may not be committed.
        case commitOutcomeUnknown
        /// This backend does not offer the operation (the message says what to use).
        case unsupported
        /// Anything else: a bug, or data edited by hand.
        case failed
    }

    public let reason: Reason
    /// The backend's description of the failure, with what the store was doing.
    public let message: String

    public init(_ reason: Reason, _ message: String) {
        self.reason = reason
        self.message = message
    }

    public var description: String { "storage \(reason.rawValue): \(message)" }
}
