import FaceIndex
import FaceStore
import FaceVision

extension FaceService {
    /// Searches the library for the largest face of the photo.
    ///
    /// Reflects every add and delete acknowledged before it started (the
    /// index is updated before those are answered).
    public func search(_ request: SearchRequest, for app: TenantApp) async throws -> SearchOutcome {
        let library = try await libraries.library(request.groupID, for: app)
        let bytes = try request.image.encodedBytes(limit: limits.maxImageBytes)
        let recognition = try recognition(for: library)
        let face = try await analyseLargestFace(bytes, field: request.image.field,
                                                multiOriented: request.multiOrientedDetection,
                                                with: recognition.model)
        let calibration = recognition.model.calibration
        let hits = try await PipelineMetrics.measure(.indexSearch) {
            try await recognition.indexes.search(libraryID: library.rowID, query: face.embedding, k: request.limit)
        }
        let records = try await storage.faces(libraryID: library.rowID, ids: hits.map(\.id))
        let recordsByID = Dictionary(records.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let matches = hits.compactMap { hit -> SearchMatch? in
            // A face deleted since the scan is no longer answered.
            guard let record = recordsByID[hit.id] else { return nil }
            let confidence = SearchMatch.rounded(calibration.confidence(cosine: Double(hit.score)))
            if let threshold = request.threshold, confidence <= threshold { return nil }
            return SearchMatch(face: Face(record), confidence: confidence)
        }
        return SearchOutcome(matches: matches,
                             thresholds: calibration.thresholds(forLibraryOf: library.faceCount),
                             rectangle: FaceRectangle(face.box))
    }
}
