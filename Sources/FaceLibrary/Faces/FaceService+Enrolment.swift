import FaceStore
import FaceVision
import Foundation
import ImageDecoding
import Logging

extension FaceService {
    /// Enrols the largest face of the image into the library.
    ///
    /// The face row (with its embedding) is committed before the index is
    /// updated and before this returns, so an acknowledged face survives a
    /// crash; on any failure nothing is stored.
    public func add(_ request: AddFaceRequest, for app: TenantApp) async throws -> EnrolledFace {
        let library = try await libraries.library(request.groupID, for: app)
        let bytes = try request.image.encodedBytes(limit: limits.maxImageBytes)
        // Checked again inside the insert's transaction; here it saves the
        // photo's analysis when the quota is already full.
        guard try await storage.faceTotal(appID: app.id) < app.quotas.maxFaces else {
            throw LibraryError.faceLimitReached
        }
        let recognition = try recognition(for: library)
        let face = try await analyseLargestFace(bytes, field: request.image.field,
                                                multiOriented: request.multiOrientedDetection,
                                                with: recognition.model)
        let outcome = try await storage.insertFace(
            NewFaceRecord(libraryID: library.rowID, faceToken: try FaceToken.random(), userID: request.userID,
                          userData: request.userData, addTime: Int64(Date().timeIntervalSince1970 * 1000),
                          modelVersion: library.modelVersion, embedding: face.embedding),
            maxAppFaces: app.quotas.maxFaces)
        switch outcome {
        case .inserted(let record, let libraryFaceCount):
            try await PipelineMetrics.measure(.indexInsert) {
                try await recognition.indexes.insert(faceID: record.id, embedding: face.embedding,
                                                     libraryID: library.rowID)
            }
            return EnrolledFace(face: Face(record), libraryFaceCount: libraryFaceCount,
                                rectangle: FaceRectangle(face.box))
        case .libraryNotFound: throw LibraryError.invalidGroupID
        case .limitReached: throw LibraryError.faceLimitReached
        }
    }

    /// The recognition setup serving the library's model version.
    func recognition(for library: Library) throws -> FaceRecognition {
        guard let recognition, recognition.model.version == library.modelVersion else {
            logger.error("no recognition model serves this library",
                         metadata: ["model_version": "\(library.modelVersion)"])
            throw LibraryError.faceModelUnavailable
        }
        return recognition
    }

    /// The largest face of the photo, with pipeline failures in service terms.
    func analyseLargestFace(_ bytes: [UInt8], field: ImageField, multiOriented: Bool,
                            with model: RecognitionModel) async throws -> AnalyzedFace {
        let options = AnalysisOptions(selection: .largest, multiOrientedDetection: multiOriented)
        do {
            let analysis = try await model.pipeline.analyze(imageBytes: bytes, options: options)
            PipelineMetrics.record(analysis.timings)
            guard let face = analysis.faces.first else { throw LibraryError.noFaceFound }
            return face
        } catch let error as FacePipelineError {
            switch error {
            case .image(let image) where image.isInvalidSize: throw LibraryError.invalidImageSize(field)
            case .image: throw LibraryError.unsupportedImageFormat(field)
            case .noFace: throw LibraryError.noFaceFound
            case .overloaded: throw LibraryError.concurrencyLimitExceeded
            }
        }
    }
}
