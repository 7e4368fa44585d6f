import FaceStore

/// One enrolled face, as the service reports it.
public struct Face: Sendable, Equatable {
    public let faceToken: String
    public let userID: String
    public let userData: String
    /// Unix milliseconds.
    public let addTime: Int64

    init(_ record: FaceRecord) {
        faceToken = record.faceToken
        userID = record.userID
        userData = record.userData
        addTime = record.addTime
    }
}

/// One page of a library's faces.
public struct FacePage: Sendable, Equatable {
    public let faces: [Face]
    /// The `start` of the following page; nil when no faces remain.
    public let next: Int?
}

/// The outcome of a `delete`.
public struct FaceRemoval: Sendable, Equatable {
    public let removed: Int
    /// Faces left in the library.
    public let remaining: Int
    /// Tokens that were not removed, in request order, and why.
    public let failures: [Failure]

    /// A token that was not removed.
    public struct Failure: Sendable, Equatable {
        public let faceToken: String
        public let reason: Reason
    }

    /// Why a token was not removed.
    public enum Reason: String, Sendable {
        /// Well-formed but not in this library.
        case notInGroup = "FACE_NOT_IN_GROUP"
        /// Not 32 lowercase hex characters.
        case invalidToken = "INVALID_FACE_TOKEN"
    }
}
