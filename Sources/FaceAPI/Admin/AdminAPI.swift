import FaceLibrary
import Hummingbird

// Design note: the admin listener is a second, separate server (its own
// port, loopback by default, off unless configured), so that health probes
// and metrics scrapes never share a port, a body limit or an auth scheme with
// tenants, and the public port never answers them (404 API_NOT_FOUND there).
//
//   GET /healthz  200 {"status":"ok"}                  the process answers
//   GET /readyz   200 {"status":"ready","checks":{…}}  every ReadinessCheck holds
//                 503 {"status":"unready","checks":{"database":"<why>",…}}
//   GET /metrics  200 Prometheus text format 0.0.4
//   GET /sync     200 how the node follows PostgreSQL's change log (SyncReport);
//                 404 API_NOT_FOUND on SQLite, where there is nothing to follow

/// The admin listener's routes: liveness, readiness and Prometheus metrics.
public struct AdminAPI: Sendable {
    let checks: [any ReadinessCheck]
    let metrics: @Sendable () async -> [UInt8]
    let sync: SyncReport?

    /// Reports readiness from `checks` (all must hold) and metrics from `metrics` (Prometheus text).
    public init(readiness checks: [any ReadinessCheck], metrics: @escaping @Sendable () async -> [UInt8]) {
        self.checks = checks
        self.metrics = metrics
        sync = nil
    }

    /// The same, also reporting how node `nodeID`'s `follower` keeps `indexes` in step with the database.
    public init(readiness checks: [any ReadinessCheck], metrics: @escaping @Sendable () async -> [UInt8],
                nodeID: @escaping @Sendable () -> String, follower: ChangeFollower, indexes: any IndexStatusProvider) {
        self.checks = checks
        self.metrics = metrics
        sync = SyncReport(nodeID: nodeID, follower: follower, indexes: indexes)
    }

    /// The three routes; anything else answers 404 `API_NOT_FOUND`.
    public func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: AdminNotFoundMiddleware())
        router.get("healthz") { _, _ in
            Self.json(.ok, .object([("status", .string("ok"))]))
        }
        router.get("readyz") { _, _ in
            await readiness()
        }
        if let sync {
            router.get("sync") { _, _ in
                Self.json(.ok, await sync.json())
            }
        }
        router.get("metrics") { _, _ in
            var buffer = ByteBuffer()
            buffer.writeBytes(await metrics())
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                            body: ResponseBody(byteBuffer: buffer))
        }
        return router
    }

    private func readiness() async -> Response {
        var results: [(String, JSONValue)] = []
        var ready = true
        for check in checks {
            let reason = await check.unreadyReason()
            ready = ready && reason == nil
            results.append((check.name, .string(reason ?? "ok")))
        }
        return Self.json(ready ? .ok : .serviceUnavailable,
                         .object([("status", .string(ready ? "ready" : "unready")), ("checks", .object(results))]))
    }

    static func json(_ status: HTTPResponse.Status, _ value: JSONValue) -> Response {
        var buffer = ByteBuffer()
        buffer.writeBytes(value.serialized())
        return Response(status: status, headers: [.contentType: "application/json; charset=utf-8"],
                        body: ResponseBody(byteBuffer: buffer))
    }
}

/// Answers unknown admin paths and methods as the public API does: 404 `API_NOT_FOUND`.
struct AdminNotFoundMiddleware: RouterMiddleware {
    func handle(_ request: Request, context: BasicRequestContext,
                next: (Request, BasicRequestContext) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound || error.status == .methodNotAllowed {
            return AdminAPI.json(.notFound, .object([("error", .string("API_NOT_FOUND"))]))
        }
    }
}
