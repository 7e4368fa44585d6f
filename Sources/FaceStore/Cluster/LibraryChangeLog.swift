// Design note: the seam a node's follower reads to keep its vector indexes
// equal to the database (PostgreSQL only; SQLite is one process and needs
// none). Each library has a gapless log: change n is the n-th change of the
// library, written in the transaction that made it, under the library row's
// lock. A node remembers, per library, the incarnation and the position
// (seq, tag) its index reflects, and follows the log from there:
//
//   snapshot (faces + head + position, one read) ─▶ index at seq s
//   changes(from: s) ─▶ row s has our tag? rows s+1… contiguous? ─▶ apply, move on
//                       └─ otherwise (pruned, gap, other tag, other incarnation) ─▶ new snapshot
//
// Writes that go through a node return a receipt, so the writing node moves
// its own index forward without reading the log back.

import Foundation

/// A library's change log, versioned lookups and snapshots, and writes that
/// report where they put the log.
public protocol LibraryChangeLog: Sendable {
    /// The app's live library with this group_id and its head, read together.
    func versionedLibrary(appID: Int64, groupID: String) async throws -> (record: LibraryRecord, head: LibraryHead)?
    /// The head of every live library.
    func libraryHeads() async throws -> [LibraryHead]
    /// The library's changes with `seq >= from`, in order, at most `limit`
    /// (faces added read in the same statement: a face deleted later in the
    /// returned range is absent from its `added`).
    func changes(libraryID: Int64, from seq: Int64, limit: Int) async throws -> [LibraryChange]
    /// The library's head, position and embeddings read from one snapshot: a
    /// `.header` first (none when the library is gone), then `.faces` batches.
    func librarySnapshot(libraryID: Int64, batchSize: Int) -> AsyncThrowingStream<LibrarySnapshotPart, any Error>
    /// `insertFace`, also returning the receipt of the change when a face was stored.
    func insertLoggedFace(_ face: NewFaceRecord, maxAppFaces: Int) async throws -> (FaceInsertOutcome, ChangeReceipt?)
    /// `deleteFaces`, also returning the receipt of the change when a face was deleted.
    func deleteLoggedFaces(libraryID: Int64, tokens: [String]) async throws -> (FaceDeletion?, ChangeReceipt?)
    /// Deletes log rows committed before `committedBefore` (Unix microseconds),
    /// keeping every library's latest; returns how many went.
    func pruneChanges(committedBefore: Int64) async throws -> Int
    /// The database clock in Unix microseconds (log times are on it).
    func databaseTime() async throws -> Int64
}

/// One part of a library snapshot.
public enum LibrarySnapshotPart: Sendable {
    /// The library as of the snapshot: its head and position.
    case header(head: LibraryHead, position: ChangePosition)
    /// The next faces of the snapshot, in id order.
    case faces([EmbeddingRecord])
}
