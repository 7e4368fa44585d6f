import FaceLibrary
import Synchronization

/// Turns `/readyz` unready once shutdown has begun, so that a load balancer
/// stops sending traffic while in-flight requests finish.
public final class ShutdownDrain: ReadinessCheck {
    public let name = "shutdown"
    private let draining = Atomic(false)

    /// Not draining yet.
    public init() {}

    /// Marks the server as shutting down.
    public func begin() {
        draining.store(true, ordering: .relaxed)
    }

    public func unreadyReason() async -> String? {
        draining.load(ordering: .relaxed) ? "shutting down" : nil
    }
}
