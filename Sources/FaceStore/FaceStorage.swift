// Design note: the seam between the service layer and a database. Every
// method is one transaction: it either commits completely before returning or
// changes nothing, so a caller may acknowledge a write as soon as it returns.
// Conditional writes (quotas, duplicates, free of an empty library) are
// checked inside that same transaction, so two concurrent writers cannot both
// pass a check, whether they share a process or not. Two backends implement
// it and pass one conformance suite: SQLite (`SQLiteFaceStore`, one file, one
// writer at a time) and PostgreSQL (`PostgresFaceStore` in FaceStorePostgres,
// many writers, row locks). Everything is async and backend-neutral: no
// connection, cursor or pragma crosses the seam, and every failure is a
// `StorageError`. Nothing here is called from the vector index: a search
// reads its shortlist's embeddings with their records (`storedFaces`),
// asynchronously, after the scan.

/// Durable storage of apps, face libraries and faces.
public protocol FaceStorage: Sendable {
    /// Inserts a new app.
    func insertApp(_ app: NewAppRecord) async throws -> AppRecord
    /// The app with this api_key, if any.
    func app(apiKey: String) async throws -> AppRecord?
    /// Every app, oldest first.
    func apps() async throws -> [AppRecord]
    /// Applies `change` to the app with this api_key; nil when there is none.
    func updateApp(apiKey: String, _ change: AppChange) async throws -> AppRecord?

    /// Inserts a library unless its group_id is taken in the app or the app
    /// already has `maxLibraries` libraries.
    func insertLibrary(_ library: NewLibraryRecord, maxLibraries: Int) async throws -> LibraryInsertOutcome
    /// The app's library with this group_id, if any.
    func library(appID: Int64, groupID: String) async throws -> LibraryRecord?
    /// The app's libraries, oldest first.
    func libraries(appID: Int64) async throws -> [LibraryRecord]
    /// Every library of every app, by app then oldest first (ops reports).
    func allLibraries() async throws -> [LibraryRecord]
    /// Deletes a library and its faces; with `onlyIfEmpty` refuses one that holds faces.
    func deleteLibrary(id: Int64, onlyIfEmpty: Bool) async throws -> LibraryDeleteOutcome
    /// The number of faces across all of an app's libraries.
    func faceTotal(appID: Int64) async throws -> Int

    /// Inserts a face unless its library is gone or the library's app already
    /// holds `maxAppFaces` faces.
    func insertFace(_ face: NewFaceRecord, maxAppFaces: Int) async throws -> FaceInsertOutcome
    /// Faces of a library in creation order, skipping `offset`, at most `limit`.
    func faces(libraryID: Int64, offset: Int, limit: Int) async throws -> [FaceRecord]
    /// Faces of a library by row id with their embeddings (a search's
    /// shortlist, rescored exactly by the service), in no particular order;
    /// ids not in the library are absent.
    func storedFaces(libraryID: Int64, ids: [Int64]) async throws -> [StoredFace]
    /// The library's face with this token, if any.
    func face(libraryID: Int64, token: String) async throws -> FaceRecord?
    /// Deletes the library's faces with these tokens; nil when the library is gone.
    func deleteFaces(libraryID: Int64, tokens: [String]) async throws -> FaceDeletion?
    /// Every embedding of a library in creation order, in batches (e.g. to
    /// build a vector index at start). Not one snapshot on every backend:
    /// SQLite reads batch by batch, so faces changed during the scan may or
    /// may not appear; the caller reconciles them (see `LibraryIndexes`).
    func embeddings(libraryID: Int64, batchSize: Int) -> AsyncThrowingStream<[EmbeddingRecord], any Error>
}
