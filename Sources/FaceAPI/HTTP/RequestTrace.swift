import Foundation
import Synchronization

/// What one request has revealed so far, shared by the middleware that logs
/// it and the handler that learns the app and the error.
public final class RequestTrace: Sendable {
    /// `"<unix-seconds>,<uuid4>"`.
    public let requestID: String
    let started = ContinuousClock.now
    private let details = Mutex(Details())

    struct Details {
        var apiKey: String?
        var error: APIError?
    }

    init() {
        requestID = "\(Int64(Date().timeIntervalSince1970)),\(UUID().uuidString.lowercased())"
    }

    /// Whole milliseconds since the request arrived.
    var elapsedMilliseconds: Int64 {
        let elapsed = ContinuousClock.now - started
        return elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000
    }

    var apiKey: String? {
        get { details.withLock { $0.apiKey } }
        set { details.withLock { $0.apiKey = newValue } }
    }

    var error: APIError? {
        get { details.withLock { $0.error } }
        set { details.withLock { $0.error = newValue } }
    }
}
