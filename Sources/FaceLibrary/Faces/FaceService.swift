import FaceStore
import Logging

/// Lists, describes, removes, enrols and searches the faces of an app's libraries.
///
/// Every method resolves the library for the calling app first (so one app
/// never reaches another's faces) and reports `invalidGroupID` otherwise.
public struct FaceService: Sendable {
    let storage: any FaceStorage
    let libraries: LibraryRegistry
    let limits: ImageLimits
    /// The face model and vector indexes; nil where only listings are served (facectl).
    let recognition: FaceRecognition?
    /// Where face writes also report their change log position (PostgreSQL).
    let changeLog: (any LibraryChangeLog)?
    let logger: Logger

    /// Uses `storage` for face rows, `libraries` to resolve group_ids, and
    /// `recognition` to enrol and search faces; with `changeLog`, writes
    /// report their log position to the indexes.
    public init(storage: any FaceStorage, libraries: LibraryRegistry, limits: ImageLimits,
                recognition: FaceRecognition?, changeLog: (any LibraryChangeLog)? = nil, logger: Logger) {
        self.storage = storage
        self.libraries = libraries
        self.limits = limits
        self.recognition = recognition
        self.changeLog = changeLog
        self.logger = logger
    }

    /// One page of the library's faces in creation order.
    public func list(_ request: ListFacesRequest, for app: TenantApp) async throws -> FacePage {
        let library = try await libraries.library(request.groupID, for: app)
        // One extra row tells whether another page follows. (`start` ≤ 10^18
        // and `limit` ≤ 1000, so neither sum below can overflow.)
        let rows = try await storage.faces(libraryID: library.rowID, offset: request.start - 1,
                                           limit: request.limit + 1)
        let more = rows.count > request.limit
        return FacePage(faces: rows.prefix(request.limit).map(Face.init),
                        next: more ? request.start + request.limit : nil)
    }

    /// One face of the library.
    ///
    /// - Throws: `invalidFaceToken` when the library has no face with this token.
    public func info(_ request: FaceInfoRequest, for app: TenantApp) async throws -> Face {
        let library = try await libraries.library(request.groupID, for: app)
        guard let record = try await storage.face(libraryID: library.rowID, token: request.faceToken) else {
            throw LibraryError.invalidFaceToken
        }
        return Face(record)
    }

    /// Removes the listed faces from the library, reporting each one that could not be removed.
    public func delete(_ request: DeleteFacesRequest, for app: TenantApp) async throws -> FaceRemoval {
        let library = try await libraries.library(request.groupID, for: app)
        let wellFormed = request.faceTokens.filter(FaceToken.isValid)
        let (deleted, receipt): (FaceDeletion?, ChangeReceipt?) = if let changeLog {
            try await changeLog.deleteLoggedFaces(libraryID: library.rowID, tokens: wellFormed)
        } else {
            (try await storage.deleteFaces(libraryID: library.rowID, tokens: wellFormed), nil)
        }
        guard let deletion = deleted else { throw LibraryError.invalidGroupID }
        if !deletion.removed.isEmpty {
            try await recognition?.indexes.remove(faceIDs: deletion.removed.values, libraryID: library.rowID,
                                                  receipt: receipt)
        }
        let failures = request.faceTokens.compactMap { token -> FaceRemoval.Failure? in
            if !FaceToken.isValid(token) { return .init(faceToken: token, reason: .invalidToken) }
            return deletion.removed[token] != nil ? nil : .init(faceToken: token, reason: .notInGroup)
        }
        return FaceRemoval(removed: deletion.removed.count, remaining: deletion.remainingCount,
                           failures: failures)
    }
}
