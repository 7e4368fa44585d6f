import FaceIndex
import FaceStore
import FaceVision

extension FaceService {
    /// Searches the library for the largest face of the photo.
    ///
    /// Reflects every add and delete acknowledged before it started, by any
    /// node: a node updates its index before answering a write, and with
    /// several nodes the library lookup reads the library's log head, which
    /// the index must have applied before the scan (caught up while the photo
    /// is analysed). Without the database there is no head, and no answer.
    public func search(_ request: SearchRequest, for app: TenantApp) async throws -> SearchOutcome {
        let library = try await libraries.library(request.groupID, for: app)
        let bytes = try await request.image.encodedBytes(limit: limits.maxImageBytes, on: RequestWork.lanes)
        let recognition = try recognition(for: library)
        async let caughtUp: Void = recognition.indexes.catchUp(to: library.head)
        let face = try await analyseLargestFace(bytes, field: request.image.field,
                                                multiOriented: request.multiOrientedDetection,
                                                with: recognition.model)
        try await caughtUp
        let calibration = recognition.model.calibration
        let hits = try await recognition.indexes.search(libraryID: library.rowID, query: face.embedding,
                                                        k: request.limit)
        let matches = hits.compactMap { hit -> SearchMatch? in
            let confidence = SearchMatch.rounded(calibration.confidence(cosine: hit.score))
            if let threshold = request.threshold, confidence <= threshold { return nil }
            return SearchMatch(face: Face(hit.record), confidence: confidence)
        }
        return SearchOutcome(matches: matches,
                             thresholds: calibration.thresholds(forLibraryOf: library.faceCount),
                             rectangle: face.box)
    }
}
