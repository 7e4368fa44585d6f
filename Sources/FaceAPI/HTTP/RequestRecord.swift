import Logging

/// The log line and the metrics of one finished request: for the envelope
/// middleware, and for malformed requests answered before any route.
///
/// The log line carries request_id, app (api_key only), endpoint, status,
/// error and time_used — never a secret, a signature or a field value.
enum RequestRecord {
    /// Logs (at info) and counts a request that answered `status`.
    static func finish(_ trace: RequestTrace, target: String?, status: Int, logger: Logger) {
        var metadata: Logger.Metadata = [
            "request_id": "\(trace.requestID)",
            "app": "\(trace.apiKey ?? "-")",
            "endpoint": "\(target.map { path in String(path.prefix { $0 != "?" }) } ?? "-")",
            "status": "\(status)",
            "time_used": "\(trace.elapsedMilliseconds)",
        ]
        if let failure = trace.error {
            metadata["error"] = "\(failure.code)"
            if let reason = failure.reason { metadata["reason"] = "\(reason)" }
        }
        logger.info("request", metadata: metadata)
        RequestMetrics.finished(endpoint: RequestMetrics.endpoint(target: target), status: status,
                                error: trace.error, duration: ContinuousClock.now - trace.started)
    }
}
