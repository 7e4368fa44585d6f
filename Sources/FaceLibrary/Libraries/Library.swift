import FaceStore

/// A face library of one app, as the service reports it.
public struct Library: Sendable, Equatable {
    /// Store row id; internal to the service.
    let rowID: Int64
    public let groupID: String
    public let name: String
    public let data: String
    public let modelVersion: String
    /// Unix milliseconds.
    public let addTime: Int64
    public let faceCount: Int
    /// The library's change log head, read with the record (PostgreSQL
    /// mode): what a search's index must have applied before it scans.
    let head: LibraryHead?

    init(_ record: LibraryRecord, head: LibraryHead? = nil) {
        self.head = head
        rowID = record.id
        groupID = record.groupID
        name = record.name
        data = record.data
        modelVersion = record.modelVersion
        addTime = record.addTime
        faceCount = record.faceCount
    }
}
