import FaceVision
import Metrics

/// One timed step of the face pipeline or of the vector index, named as the
/// `stage` label of `facesearch_pipeline_stage_duration_seconds`.
public enum PipelineStage: String, Sendable, CaseIterable {
    /// Image bytes → pixels (JPEG/PNG/BMP decoder).
    case decode
    /// MMOD face detector over the image pyramid.
    case detect
    /// 5-point shape predictor.
    case landmarks
    /// Aligned 150×150 face chip.
    case align
    /// ResNet embedding of the chip.
    case embed
    /// Top-k search of one library's vector index.
    case indexSearch = "index_search"
    /// Inserting one vector into a library's index.
    case indexInsert = "index_insert"
    /// Loading one library's vectors from the database into its index.
    case indexLoad = "index_load"
}

/// Records pipeline stage timings as a Prometheus histogram
/// (`facesearch_pipeline_stage_duration_seconds{stage=…}`) through swift-metrics;
/// without a bootstrapped backend the records go nowhere.
public enum PipelineMetrics {
    /// The metric name.
    public static let label = "facesearch_pipeline_stage_duration_seconds"

    /// Records one run of `stage` that took `duration`.
    public static func record(_ stage: PipelineStage, _ duration: Duration) {
        Timer(label: label, dimensions: [("stage", stage.rawValue)]).record(duration: duration)
    }

    /// Records the stages of one face-pipeline analysis.
    public static func record(_ timings: StageTimings) {
        record(.decode, timings.decode)
        record(.detect, timings.detect)
        record(.landmarks, timings.landmarks)
        record(.align, timings.align)
        record(.embed, timings.embed)
    }

    /// Runs `body` and records its duration as one run of `stage` (also when it throws).
    public static func measure<T>(_ stage: PipelineStage, _ body: () async throws -> T) async rethrows -> T {
        let start = ContinuousClock.now
        defer { record(stage, ContinuousClock.now - start) }
        return try await body()
    }
}
