import Metrics

/// Counts and times requests through swift-metrics (the executable picks
/// the backend). Label values come from fixed sets only — endpoint names,
/// status codes, error codes without their field — never from request
/// data, so a scanner cannot explode the number of series.
///
/// `facesearch_requests_total{endpoint,status,error,reason}` (a client that
/// hung up mid-request: status 499, error `CLIENT_CLOSED`),
/// `facesearch_request_duration_seconds{endpoint}` (histogram),
/// `facesearch_requests_in_flight`.
enum RequestMetrics {
    /// The endpoint name for a request target, or `unknown`.
    static func endpoint(target: String?) -> String {
        target.flatMap(Endpoint.init(requestTarget:))?.rawValue ?? "unknown"
    }

    /// Counts a request in flight until `finished` is called.
    static func started() {
        Meter(label: "facesearch_requests_in_flight").increment()
    }

    /// Records one finished request.
    static func finished(endpoint: String, status: Int, error: APIError?, duration: Duration) {
        Meter(label: "facesearch_requests_in_flight").decrement()
        let code = error.map { String($0.code.prefix { $0 != ":" }) } ?? "none"
        Counter(label: "facesearch_requests_total", dimensions: [
            ("endpoint", endpoint), ("status", String(status)), ("error", code), ("reason", error?.reason ?? "none"),
        ]).increment()
        Timer(label: "facesearch_request_duration_seconds", dimensions: [("endpoint", endpoint)]).record(duration: duration)
    }
}
