import Metrics
import Prometheus

/// Chooses where swift-metrics records go: a Prometheus registry that the
/// admin listener's `/metrics` renders. Only this executable picks a backend;
/// the libraries record through the swift-metrics API alone.
enum MetricsSetup {
    static func bootstrap() -> PrometheusCollectorRegistry {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        // Request and pipeline latencies span ~1 ms (library calls) to seconds (detection on large photos).
        factory.defaultDurationHistogramBuckets = [
            .milliseconds(1), .microseconds(2500), .milliseconds(5), .milliseconds(10), .milliseconds(25),
            .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1),
            .microseconds(2_500_000), .seconds(5), .seconds(10),
        ]
        MetricsSystem.bootstrap(factory)
        return registry
    }
}
