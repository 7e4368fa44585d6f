/// A request field the service reads, named as in the FaceSearch contract.
public enum Field: String, Sendable, CaseIterable {
    case groupID = "group_id"
    case groupName = "group_name"
    case groupData = "group_data"
    case modelVersion = "model_version"
    case checkEmpty = "check_empty"
    case start
    case limit
    case faceToken = "face_token"
    case faceTokens = "face_tokens"
    case userID = "user_id"
    case userData = "user_data"
    case image
    case file
    case multiOrientedDetection = "multi_oriented_detection"
    case threshold
}
