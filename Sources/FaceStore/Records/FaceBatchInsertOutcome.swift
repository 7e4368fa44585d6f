/// What happened to a bulk face insert (all or nothing).
public enum FaceBatchInsertOutcome: Sendable, Equatable {
    /// Every face stored, in the order given.
    case inserted([FaceRecord])
    /// This library does not exist (any more); nothing was stored.
    case libraryNotFound(Int64)
    /// The faces would take an app over `maxAppFaces`; nothing was stored.
    case limitReached
}
