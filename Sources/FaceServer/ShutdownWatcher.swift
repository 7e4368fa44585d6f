import FaceAPI
import ServiceLifecycle

/// The service shut down first when SIGTERM arrives (it is last in the
/// group): it marks the server as draining, so `/readyz` turns unready while
/// the API finishes its in-flight requests, and notes when shutdown began.
struct ShutdownWatcher: Service {
    let drain: ShutdownDrain
    let began: @Sendable (ContinuousClock.Instant) -> Void

    func run() async throws {
        try? await gracefulShutdown()
        began(.now)
        drain.begin()
    }
}
