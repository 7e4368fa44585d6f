/// One change ops make to an existing app.
public enum AppChange: Sendable, Equatable {
    /// Enables or disables the app.
    case state(AppRecord.State)
    /// Replaces the sealed secret (key rotation).
    case sealedSecret([UInt8])
    /// Replaces the given quotas; nil leaves one as it is.
    case quotas(maxGroups: Int?, maxFaces: Int?)
}
