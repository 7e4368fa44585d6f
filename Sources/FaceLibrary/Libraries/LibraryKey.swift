/// Names one library across the deployment: its app's api_key and its group_id.
public struct LibraryKey: Hashable, Sendable, CustomStringConvertible {
    public let apiKey: String
    public let groupID: String

    /// Names the library `groupID` of the app `apiKey`.
    public init(apiKey: String, groupID: String) {
        self.apiKey = apiKey
        self.groupID = groupID
    }

    public var description: String { "\(apiKey)/\(groupID)" }
}
