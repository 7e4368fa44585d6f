import Logging
import Synchronization

/// Ready once the recognition model is loaded and every library's vector
/// index has been built from the database (`LibraryServices.loadIndexes`).
///
/// The server loads the model before it listens, so "model" only fails for
/// services opened without one. A failed load is retried every few seconds
/// (meanwhile libraries still load on first use) and reported until it succeeds.
public final class IndexReadiness: ReadinessCheck {
    public let name = "indexes"
    private let services: LibraryServices
    private let retryDelay: Duration
    private let phase = Mutex(Phase.loading)

    private enum Phase {
        case loading
        case loaded
        case failed(String)
    }

    /// Tracks the index load of `services`, retrying a failed load after `retryDelay`.
    public init(services: LibraryServices, retryDelay: Duration = .seconds(5)) {
        self.services = services
        self.retryDelay = retryDelay
    }

    /// Builds every library's index, retrying until it succeeds or the task is cancelled.
    public func load(logger: Logger) async {
        while !Task.isCancelled {
            do {
                try await services.loadIndexes()
                phase.withLock { $0 = .loaded }
                return
            } catch {
                phase.withLock { $0 = .failed("\(error)") }
                logger.error("vector index load failed; libraries load on first use, retrying",
                             metadata: ["error": "\(error)"])
                try? await Task.sleep(for: retryDelay)
            }
        }
    }

    public func unreadyReason() async -> String? {
        guard services.recognition != nil else { return "no recognition model loaded" }
        return switch phase.withLock({ $0 }) {
        case .loaded: nil
        case .loading: "vector indexes loading"
        case .failed(let error): "vector index load failed: \(error)"
        }
    }
}
