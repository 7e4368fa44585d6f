import Hummingbird
import Logging

/// Wraps every route (and the not-found fallback): applies the body limit,
/// turns any error into the contract's JSON, logs one line per request and
/// records its metrics.
///
/// The log line carries request_id, app (api_key only), endpoint, status,
/// error and time_used — never a secret, a signature or a field value.
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
        var metadata: Logger.Metadata = [
            "request_id": "\(trace.requestID)",
            "app": "\(trace.apiKey ?? "-")",
            "endpoint": "\(request.uri.path)",
            "status": "\(response.status.code)",
            "time_used": "\(trace.elapsedMilliseconds)",
        ]
        if let failure = trace.error {
            metadata["error"] = "\(failure.code)"
            if let reason = failure.reason { metadata["reason"] = "\(reason)" }
        }
        logger.info("request", metadata: metadata)
        RequestMetrics.finished(endpoint: RequestMetrics.endpoint(path: request.uri.path), status: response.status.code,
                                error: trace.error, duration: ContinuousClock.now - trace.started)
        return response
    }
}
