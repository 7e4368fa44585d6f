/// The ten FaceSearch endpoints, each `POST /finauth/search/group/<name>`.
public enum Endpoint: String, CaseIterable, Sendable {
    case create
    case groupList = "group_list"
    case groupInfo = "group_info"
    case free
    case getSize = "get_size"
    case add
    case search
    case list
    case faceInfo = "face_info"
    case delete

    private static let pathPrefix = "/finauth/search/group/"

    /// The request path.
    public var path: String { Self.pathPrefix + rawValue }

    /// The endpoint a request target names: its path must be exactly the
    /// endpoint's (no trailing or doubled slash, no percent-escape), optionally
    /// followed by a query, which is ignored (fields travel in the body).
    /// An absolute-form target has been reduced to its path by the HTTP layer
    /// already (RFC 9112 §3.2.2 has servers accept that form), so the same rule holds for it.
    public init?(requestTarget: String) {
        let path = requestTarget.prefix { $0 != "?" }
        guard path.hasPrefix(Self.pathPrefix),
              let endpoint = Endpoint(rawValue: String(path.dropFirst(Self.pathPrefix.count))) else { return nil }
        self = endpoint
    }
}
