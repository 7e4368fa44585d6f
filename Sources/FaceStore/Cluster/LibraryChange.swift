/// One entry of a library's change log.
public struct LibraryChange: Sendable, Equatable {
    /// What the change did to the library's faces.
    public enum Operation: Sendable, Equatable {
        /// Faces added, with their embeddings. A face deleted since is
        /// absent here: its deletion follows later in the log.
        case added([EmbeddingRecord])
        /// Faces deleted, by row id.
        case removed([Int64])
        /// The library was freed.
        case freed
        /// Faces came in bulk (an import) or before the log existed: the
        /// library's index is rebuilt from a snapshot.
        case replaced
    }

    public var seq: Int64
    public var tag: Int64
    public var operation: Operation
    /// Unix microseconds on the database's clock, just before the commit.
    public var committedAt: Int64

    public init(seq: Int64, tag: Int64, operation: Operation, committedAt: Int64) {
        self.seq = seq
        self.tag = tag
        self.operation = operation
        self.committedAt = committedAt
    }

    /// The log position this change leads to.
    public var position: ChangePosition { ChangePosition(seq: seq, tag: tag) }
}

/// What a logged write committed: the library's position just before it and the one it made.
///
/// A node whose index stands at `previous` can apply the write itself and
/// move to `current`; any other node catches up from the log.
public struct ChangeReceipt: Sendable, Equatable {
    public var libraryID: Int64
    public var previous: ChangePosition
    public var current: ChangePosition

    public init(libraryID: Int64, previous: ChangePosition, current: ChangePosition) {
        self.libraryID = libraryID
        self.previous = previous
        self.current = current
    }
}
