import FaceStore
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
        let bytes = try await request.image.encodedBytes(limit: limits.maxImageBytes, on: RequestWork.lanes)
        // Checked again inside the insert's transaction; here it saves the
        // photo's analysis when the quota is already full.
        guard try await storage.faceTotal(appID: app.id) < app.quotas.maxFaces else {
            throw LibraryError.faceLimitReached
        }
        let recognition = try recognition(for: library)
        let face = try await analyseLargestFace(bytes, field: request.image.field,
                                                multiOriented: request.multiOrientedDetection,
                                                with: recognition.model)
        try storable(face.embedding)
        let newFace = NewFaceRecord(libraryID: library.rowID, faceToken: try FaceToken.random(), userID: request.userID,
                                    userData: request.userData, addTime: Int64(Date().timeIntervalSince1970 * 1000),
                                    modelVersion: library.modelVersion, embedding: face.embedding)
        let (outcome, receipt): (FaceInsertOutcome, ChangeReceipt?) = if let changeLog {
            try await changeLog.insertLoggedFace(newFace, maxAppFaces: app.quotas.maxFaces)
        } else {
            (try await storage.insertFace(newFace, maxAppFaces: app.quotas.maxFaces), nil)
        }
        switch outcome {
        case .inserted(let record, let libraryFaceCount):
            try await PipelineMetrics.measure(.indexInsert) {
                try await recognition.indexes.insert(faceID: record.id, embedding: face.embedding,
                                                     libraryID: library.rowID, receipt: receipt)
            }
            return EnrolledFace(face: Face(record), libraryFaceCount: libraryFaceCount,
                                rectangle: face.box)
        case .libraryNotFound: throw LibraryError.invalidGroupID
        case .limitReached: throw LibraryError.faceLimitReached
        }
    }

    /// Throws (an internal failure, logged) unless the model's embedding is
    /// a finite unit vector: a degenerate one would be stored for good and
    /// score wrongly against every later search.
    func storable(_ embedding: [Float]) throws {
        do {
            try EmbeddingRule.check(embedding)
        } catch {
            logger.error("the model produced an embedding that cannot be stored", metadata: ["problem": "\(error)"])
            throw error
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

    /// The largest face of the photo, with the model's failures in service terms.
    func analyseLargestFace(_ bytes: [UInt8], field: ImageField, multiOriented: Bool,
                            with model: any FaceModel) async throws -> RecognizedFace {
        do {
            return try await model.largestFace(of: bytes, multiOrientedDetection: multiOriented)
        } catch let error as FaceModelError {
            switch error {
            case .invalidImageSize: throw LibraryError.invalidImageSize(field)
            case .unreadableImage: throw LibraryError.unsupportedImageFormat(field)
            case .noFace: throw LibraryError.noFaceFound
            case .overloaded: throw LibraryError.concurrencyLimitExceeded
            }
        }
    }
}
