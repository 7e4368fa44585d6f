import ImageDecoding
import FaceVision

extension RecognitionModel: FaceModel {
    public var load: (running: Int, waiting: Int) { pipeline.load }

    /// Runs the face pipeline for the largest face only and records its stage timings.
    public func largestFace(of imageBytes: [UInt8], multiOrientedDetection: Bool) async throws -> RecognizedFace {
        let options = AnalysisOptions(selection: .largest, multiOrientedDetection: multiOrientedDetection)
        let analysis: FaceAnalysis
        do {
            analysis = try await pipeline.analyze(imageBytes: imageBytes, options: options)
        } catch let error as FacePipelineError {
            throw Self.modelError(error)
        }
        PipelineMetrics.record(analysis.timings)
        guard let face = analysis.faces.first else { throw FaceModelError.noFace }
        let box = FaceRectangle(top: face.box.top, left: face.box.left, width: face.box.width, height: face.box.height)
        return RecognizedFace(box: box, embedding: face.embedding)
    }

    private static func modelError(_ error: FacePipelineError) -> FaceModelError {
        switch error {
        case .image(let image) where image.isInvalidSize: .invalidImageSize
        case .image: .unreadableImage
        case .noFace: .noFace
        case .overloaded: .overloaded
        }
    }
}
