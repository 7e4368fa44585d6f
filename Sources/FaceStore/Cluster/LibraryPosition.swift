import Foundation

/// Where a library's change log stands: the sequence number of its latest
/// change and that change's random tag (both 0 before the first change).
///
/// Two positions with the same `seq` but different tags belong to different
/// histories (a restore, a lossy failover): a node holding one must reload.
public struct ChangePosition: Sendable, Hashable, CustomStringConvertible {
    public var seq: Int64
    public var tag: Int64

    public init(seq: Int64, tag: Int64) {
        self.seq = seq
        self.tag = tag
    }

    /// Before any change.
    public static let origin = ChangePosition(seq: 0, tag: 0)

    public var description: String { "\(seq)/\(String(UInt64(bitPattern: tag), radix: 16))" }
}

/// A live library's identity and version as the database holds them now.
public struct LibraryHead: Sendable, Hashable {
    public var libraryID: Int64
    /// New for every library created (or restored under the same id): a
    /// node holding another incarnation of this id must reload.
    public var incarnation: UUID
    /// The library's `change_seq`: how many changes it has had.
    public var seq: Int64
    /// Faces in the library after change `seq`.
    public var faceCount: Int

    public init(libraryID: Int64, incarnation: UUID, seq: Int64, faceCount: Int) {
        self.libraryID = libraryID
        self.incarnation = incarnation
        self.seq = seq
        self.faceCount = faceCount
    }
}
