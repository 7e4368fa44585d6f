/// `list`: one page of a library's faces in creation order.
public struct ListFacesRequest: Sendable, Equatable {
    public var groupID: String
    /// 1-based position of the first face.
    public var start: Int
    public var limit: Int

    /// Largest page.
    public static let maxLimit = 1000
    /// A position no library reaches: any larger `start` is read as this one
    /// (past the end, so an empty page), which keeps `start + limit` far from overflow.
    public static let maxStart = 1_000_000_000_000_000_000

    /// Reads and validates `group_id`, `start` (≥ 1, default 1; no upper bound),
    /// `limit` (1…1000, default 100).
    public init(_ arguments: ArgumentReader) throws(LibraryError) {
        groupID = try arguments.identifier(.groupID)
        start = min(try arguments.integer(.start, in: 1...Int.max, default: 1), Self.maxStart)
        limit = try arguments.integer(.limit, in: 1...Self.maxLimit, default: 100)
    }
}

/// `face_info`: one face of a library.
public struct FaceInfoRequest: Sendable, Equatable {
    public var groupID: String
    public var faceToken: String

    /// Reads and validates `group_id`, then `face_token` (32 lowercase hex characters).
    public init(_ arguments: ArgumentReader) throws(LibraryError) {
        groupID = try arguments.identifier(.groupID)
        guard let token = try arguments.text(.faceToken) else { throw .missingArgument(.faceToken) }
        guard FaceToken.isValid(token) else { throw .badArgument(.faceToken) }
        faceToken = token
    }
}

/// `delete`: faces to remove from a library.
public struct DeleteFacesRequest: Sendable, Equatable {
    public var groupID: String
    /// Distinct tokens in the order given; malformed ones included (they are reported, not fatal).
    public var faceTokens: [String]

    /// Most tokens in one request.
    public static let maxTokens = 1000

    /// Reads and validates `group_id`, then `face_tokens`: comma-separated,
    /// spaces around items ignored, empty items and repeats skipped; what
    /// remains (the tokens acted on) must be 1 to 1000.
    public init(_ arguments: ArgumentReader) throws(LibraryError) {
        groupID = try arguments.identifier(.groupID)
        guard let list = try arguments.text(.faceTokens) else { throw .missingArgument(.faceTokens) }
        var seen: Set<String> = []
        faceTokens = list.split(separator: ",").map { $0.trimmingSpaces() }
            .filter { !$0.isEmpty && seen.insert($0).inserted }
        guard (1...Self.maxTokens).contains(faceTokens.count) else { throw .badArgument(.faceTokens) }
    }
}

/// `add`: one face to enrol. Validated here; embedding needs the face model.
public struct AddFaceRequest: Sendable, Equatable {
    public var groupID: String
    public var image: ImageArgument
    public var userID: String
    public var userData: String
    public var multiOrientedDetection: Bool

    /// Reads and validates `group_id`, `image`/`file`, `user_id`, `user_data`,
    /// `multi_oriented_detection`, in that order (the image's bytes are checked later).
    public init(_ arguments: ArgumentReader) throws(LibraryError) {
        groupID = try arguments.identifier(.groupID)
        image = try arguments.image()
        userID = try arguments.identifier(.userID)
        userData = try arguments.data(.userData, maxCharacters: FieldRules.dataMaxCharacters)
        multiOrientedDetection = try arguments.flag(.multiOrientedDetection, default: false)
    }
}

/// `search`: a 1:N search of one library.
public struct SearchRequest: Sendable, Equatable {
    public var groupID: String
    public var image: ImageArgument
    /// How many results at most (1…100).
    public var limit: Int
    /// Only results with confidence strictly above this are returned.
    public var threshold: Double?
    public var multiOrientedDetection: Bool

    /// Most results in one answer.
    public static let maxLimit = 100

    /// Reads and validates `group_id`, `image`/`file`, `limit`, `threshold`,
    /// `multi_oriented_detection`, in that order (the image's bytes are checked later).
    public init(_ arguments: ArgumentReader) throws(LibraryError) {
        groupID = try arguments.identifier(.groupID)
        image = try arguments.image()
        limit = try arguments.integer(.limit, in: 1...Self.maxLimit, default: 1)
        threshold = try arguments.decimal(.threshold, in: 0...100)
        multiOrientedDetection = try arguments.flag(.multiOrientedDetection, default: false)
    }
}

extension Substring {
    fileprivate func trimmingSpaces() -> String {
        var slice = self
        while let first = slice.first, first == " " || first == "\t" { slice.removeFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice.removeLast() }
        return String(slice)
    }
}
