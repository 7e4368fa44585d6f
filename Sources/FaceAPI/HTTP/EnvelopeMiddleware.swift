import Hummingbird
import Logging

/// Wraps every route (and the not-found fallback): applies the body limit,
/// turns any error into the contract's JSON, and records the request (one
/// log line, metrics: `RequestRecord`).
struct EnvelopeMiddleware: RouterMiddleware {
    typealias Context = FaceRequestContext

    let maxBodyBytes: Int
    let logger: Logger

    func handle(_ request: Request, context: Context,
                next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        context.maxUploadSize = maxBodyBytes
        let trace = context.trace
        RequestMetrics.started()
        let response: Response
        do {
            response = try await next(request, context)
        } catch {
            let apiError = APIError(error)
            if apiError.isInternal {
                logger.error("internal error", metadata: [
                    "request_id": "\(trace.requestID)", "error": "\(String(describing: error))",
                ])
            }
            trace.error = apiError
            response = APIReply.failure(apiError, trace: trace)
        }
        RequestRecord.finish(trace, target: request.head.path, status: Int(response.status.code), logger: logger)
        return response
    }
}
