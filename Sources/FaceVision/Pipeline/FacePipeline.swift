import ImageDecoding
import Inference

/// The s21 face pipeline as a service: image bytes in, faces with
/// embeddings out, computed off the caller's thread with bounded concurrency.
///
/// Create one per process and share it; it is `Sendable`.
public final class FacePipeline: Sendable {
    /// How the pipeline decodes, searches and schedules.
    public struct Configuration: Sendable, Equatable {
        /// Accepted image dimensions (the contract's 48…4096 px by default).
        public var pixelLimits: PixelLimits = .default
        /// The detector's working resolution policy.
        public var workingResolution: WorkingResolution = .default
        /// Smallest face searched for, in pixels of the photo as sent (0: off).
        public var minFaceSize: Int = FaceAnalyzer.defaultMinFaceSize
        /// Analyses running at once.
        public var maxConcurrentAnalyses: Int = 2
        /// Analyses allowed to wait for a slot; beyond that `.overloaded`.
        public var maxQueuedAnalyses: Int = 32
        /// Whether one analysis also uses the cores no other analysis is using.
        public var threading: AnalysisThreading = .adaptive

        /// The defaults above.
        public init() {}
    }

    public let analyzer: FaceAnalyzer
    public let configuration: Configuration
    private let decoder: ImageDecoder
    private let scheduler: AnalysisScheduler

    /// Loads the s21 models from `modelDirectory` (e.g. `models/s21`).
    public init(modelDirectory: String, configuration: Configuration = Configuration()) throws(ModelLoadError) {
        analyzer = try FaceAnalyzer(modelDirectory: modelDirectory, workingResolution: configuration.workingResolution,
                                    minFaceSize: configuration.minFaceSize,
                                    parallelism: configuration.threading.parallelism)
        self.configuration = configuration
        decoder = ImageDecoder(limits: configuration.pixelLimits)
        scheduler = AnalysisScheduler(maxConcurrent: configuration.maxConcurrentAnalyses,
                                      maxQueued: configuration.maxQueuedAnalyses)
    }

    /// Analyses running and waiting right now (for metrics and load shedding).
    public var load: (running: Int, waiting: Int) { scheduler.load }

    /// Decodes the image and finds its faces (largest first; `faces` is empty
    /// when there are none). Throws `FacePipelineError` (`.image`, `.overloaded`).
    public func analyze(imageBytes: [UInt8], options: AnalysisOptions = AnalysisOptions()) async throws -> FaceAnalysis {
        let (decoder, analyzer) = (decoder, analyzer)
        return try await scheduler.run {
            var timings = StageTimings()
            let image = try timings.time(\.decode) { try Self.decode(imageBytes, with: decoder) }
            let faces = analyzer.analyze(image, options: options, timings: &timings)
            return FaceAnalysis(width: image.width, height: image.height, faces: faces, timings: timings)
        }
    }

    /// The largest face only (the others are not fitted or embedded).
    /// Throws `FacePipelineError` (`.image`, `.noFace`, `.overloaded`).
    public func largestFace(imageBytes: [UInt8], multiOrientedDetection: Bool = false) async throws -> AnalyzedFace {
        let options = AnalysisOptions(selection: .largest, multiOrientedDetection: multiOrientedDetection)
        guard let face = try await analyze(imageBytes: imageBytes, options: options).faces.first else {
            throw FacePipelineError.noFace
        }
        return face
    }

    /// The embedding of an already aligned 150×150 chip, decoded from bytes.
    public func embedChip(imageBytes: [UInt8]) async throws -> [Float] {
        let (recognizer, size) = (analyzer.recognizer, FaceRecognizer.chipSize)
        return try await scheduler.run {
            let chipDecoder = ImageDecoder(limits: PixelLimits(minSide: size, maxSide: size), appliesEXIFOrientation: false)
            return try recognizer.embed(chip: Self.decode(imageBytes, with: chipDecoder))
        }
    }

    private static func decode(_ bytes: [UInt8], with decoder: ImageDecoder) throws(FacePipelineError) -> RGBImage {
        do { return try decoder.decode(bytes) } catch { throw .image(error) }
    }
}
