/// Wake-ups when libraries change, sent by the writing process after its commit.
///
/// Only a hint: a notification can be lost (no listener connected at the
/// time, a writer stopped between its commit and its notification), so a
/// follower also polls. Writes through the store notify by themselves.
public protocol ChangeNotifications: Sendable {
    /// Listens on a connection of its own: `.listening` once subscribed, then
    /// `.changed` per notification; ends with an error when the connection is
    /// lost (and is silent on a half-open one: poll anyway). Cancelling the
    /// consuming task closes the connection.
    func changeWakeUps() -> AsyncThrowingStream<ChangeWakeUp, any Error>
}

/// One event of `changeWakeUps()`.
public enum ChangeWakeUp: Sendable, Equatable {
    /// Subscribed: changes committed from now on are notified.
    case listening
    /// These libraries changed.
    case changed([Int64])
}
