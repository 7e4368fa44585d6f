/// A stored face library (a "group" on the wire) of one app.
public struct LibraryRecord: Sendable, Equatable {
    /// Row id, stable for the library's lifetime; faces refer to it.
    public var id: Int64
    public var appID: Int64
    public var groupID: String
    public var name: String
    public var data: String
    public var modelVersion: String
    /// Unix milliseconds.
    public var addTime: Int64
    /// Faces in the library, kept by triggers in the same transaction.
    public var faceCount: Int

    /// Collects the fields.
    public init(id: Int64, appID: Int64, groupID: String, name: String, data: String, modelVersion: String, addTime: Int64, faceCount: Int) {
        self.id = id
        self.appID = appID
        self.groupID = groupID
        self.name = name
        self.data = data
        self.modelVersion = modelVersion
        self.addTime = addTime
        self.faceCount = faceCount
    }
}

/// The fields of a library about to be inserted.
public struct NewLibraryRecord: Sendable {
    public var appID: Int64
    public var groupID: String
    public var name: String
    public var data: String
    public var modelVersion: String
    /// Unix milliseconds.
    public var addTime: Int64

    /// Collects the fields of a new library.
    public init(appID: Int64, groupID: String, name: String, data: String, modelVersion: String, addTime: Int64) {
        self.appID = appID
        self.groupID = groupID
        self.name = name
        self.data = data
        self.modelVersion = modelVersion
        self.addTime = addTime
    }
}

/// What happened to a conditional library insert.
public enum LibraryInsertOutcome: Sendable, Equatable {
    case inserted(LibraryRecord)
    /// The app already has a library with this group_id.
    case duplicateGroupID
    /// The app already holds its maximum number of libraries.
    case limitReached
}

/// What happened to a library delete.
public enum LibraryDeleteOutcome: Sendable, Equatable {
    case deleted
    /// No such library (any more).
    case notFound
    /// Refused because the library still holds this many faces.
    case notEmpty(faceCount: Int)
}
