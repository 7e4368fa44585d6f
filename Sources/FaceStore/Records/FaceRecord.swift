/// A stored face without its embedding (what listings need).
public struct FaceRecord: Sendable, Equatable {
    /// Row id: the key of the face in a vector index.
    public var id: Int64
    public var libraryID: Int64
    public var faceToken: String
    public var userID: String
    public var userData: String
    /// Unix milliseconds.
    public var addTime: Int64
    public var modelVersion: String

    /// Collects the fields.
    public init(id: Int64, libraryID: Int64, faceToken: String, userID: String, userData: String, addTime: Int64, modelVersion: String) {
        self.id = id
        self.libraryID = libraryID
        self.faceToken = faceToken
        self.userID = userID
        self.userData = userData
        self.addTime = addTime
        self.modelVersion = modelVersion
    }
}

/// The fields of a face about to be inserted, with its embedding.
public struct NewFaceRecord: Sendable {
    public var libraryID: Int64
    /// 32 lowercase hex characters, unique across the database.
    public var faceToken: String
    public var userID: String
    public var userData: String
    /// Unix milliseconds.
    public var addTime: Int64
    public var modelVersion: String
    public var embedding: [Float]

    /// Collects the fields of a new face.
    public init(libraryID: Int64, faceToken: String, userID: String, userData: String,
                addTime: Int64, modelVersion: String, embedding: [Float]) {
        self.libraryID = libraryID
        self.faceToken = faceToken
        self.userID = userID
        self.userData = userData
        self.addTime = addTime
        self.modelVersion = modelVersion
        self.embedding = embedding
    }
}

/// One face's embedding, keyed by the face row id.
public struct EmbeddingRecord: Sendable, Equatable {
    public var faceID: Int64
    public var embedding: [Float]

    /// Collects the fields.
    public init(faceID: Int64, embedding: [Float]) {
        self.faceID = faceID
        self.embedding = embedding
    }
}

/// What happened to a conditional face insert.
public enum FaceInsertOutcome: Sendable, Equatable {
    /// Stored; `libraryFaceCount` is the library's count after the insert.
    case inserted(FaceRecord, libraryFaceCount: Int)
    /// The library was deleted before the insert.
    case libraryNotFound
    /// The app already holds its maximum number of faces.
    case limitReached
}

/// The result of deleting faces by token from one library.
public struct FaceDeletion: Sendable, Equatable {
    /// Tokens that were in the library and are now gone, with their face row ids.
    public var removed: [String: Int64]
    /// Faces left in the library.
    public var remainingCount: Int

    /// Collects the fields.
    public init(removed: [String: Int64], remainingCount: Int) {
        self.removed = removed
        self.remainingCount = remainingCount
    }
}
