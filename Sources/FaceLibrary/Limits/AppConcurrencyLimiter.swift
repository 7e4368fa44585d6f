import Synchronization

/// Caps the requests one app may have in flight at once, so one tenant
/// cannot take every worker; a request over the cap is refused at once
/// (`CONCURRENCY_LIMIT_EXCEEDED`) rather than queued.
public final class AppConcurrencyLimiter: Sendable {
    /// Requests one app may have in flight; 0 means no cap.
    public let limit: Int
    private let inFlight = Mutex<[Int64: Int]>([:])

    /// Caps each app at `limit` concurrent requests (0: no cap).
    public init(limit: Int) {
        self.limit = max(0, limit)
    }

    /// Runs `body` holding one of the app's slots.
    ///
    /// - Throws: `LibraryError.concurrencyLimitExceeded` when the app already has `limit` requests in flight.
    public func withSlot<T>(for app: TenantApp, _ body: () async throws -> T) async throws -> T {
        guard limit > 0 else { return try await body() }
        let admitted = inFlight.withLock { counts in
            guard counts[app.id, default: 0] < limit else { return false }
            counts[app.id, default: 0] += 1
            return true
        }
        guard admitted else { throw LibraryError.concurrencyLimitExceeded }
        defer {
            inFlight.withLock { counts in
                let remaining = counts[app.id, default: 1] - 1
                counts[app.id] = remaining > 0 ? remaining : nil
            }
        }
        return try await body()
    }

    /// Requests of this app in flight now.
    public func inFlight(for app: TenantApp) -> Int {
        inFlight.withLock { $0[app.id, default: 0] }
    }
}
