import FaceStore
import Foundation

/// Creates, lists, describes and deletes an app's face libraries.
public struct LibraryRegistry: Sendable {
    private let storage: any FaceStorage
    /// Dropped with their library; nil where no face model is served (facectl).
    private let indexes: LibraryIndexes?
    /// Where library lookups also read the library's log head (PostgreSQL).
    private let changeLog: (any LibraryChangeLog)?

    /// Uses `storage` for library rows, and forgets deleted libraries' `indexes`;
    /// with `changeLog`, a library comes with its log head.
    public init(storage: any FaceStorage, indexes: LibraryIndexes?, changeLog: (any LibraryChangeLog)? = nil) {
        self.storage = storage
        self.indexes = indexes
        self.changeLog = changeLog
    }

    /// Creates a library unless the group_id is taken or the app is at its library quota.
    public func create(_ request: CreateLibraryRequest, for app: TenantApp) async throws -> Library {
        let outcome = try await storage.insertLibrary(
            NewLibraryRecord(appID: app.id, groupID: request.groupID, name: request.name, data: request.data,
                             modelVersion: request.modelVersion, addTime: Int64(Date().timeIntervalSince1970 * 1000)),
            maxLibraries: app.quotas.maxGroups)
        switch outcome {
        case .inserted(let record): return Library(record)
        case .duplicateGroupID: throw LibraryError.groupExists
        case .limitReached: throw LibraryError.groupLimitReached
        }
    }

    /// The app's libraries, oldest first.
    public func list(for app: TenantApp) async throws -> [Library] {
        try await storage.libraries(appID: app.id).map { Library($0) }
    }

    /// The app's library with this group_id.
    ///
    /// - Throws: `LibraryError.invalidGroupID` when the app has none.
    public func library(_ groupID: String, for app: TenantApp) async throws -> Library {
        if let changeLog {
            guard let found = try await changeLog.versionedLibrary(appID: app.id, groupID: groupID) else {
                throw LibraryError.invalidGroupID
            }
            return Library(found.record, head: found.head)
        }
        guard let record = try await storage.library(appID: app.id, groupID: groupID) else {
            throw LibraryError.invalidGroupID
        }
        return Library(record)
    }

    /// Deletes a library (and with `checkEmpty == false`, all its faces).
    public func free(_ request: FreeLibraryRequest, for app: TenantApp) async throws {
        let library = try await library(request.groupID, for: app)
        switch try await storage.deleteLibrary(id: library.rowID, onlyIfEmpty: request.checkEmpty) {
        case .deleted: indexes?.drop(libraryID: library.rowID)
        case .notFound: throw LibraryError.invalidGroupID
        case .notEmpty: throw LibraryError.notEmpty
        }
    }
}
