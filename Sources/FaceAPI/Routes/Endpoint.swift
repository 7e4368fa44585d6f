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

    /// The request path.
    public var path: String { "/finauth/search/group/\(rawValue)" }
}
