/// What one library export or import moved.
public struct TransferSummary: Sendable, Equatable {
    public let apiKey: String
    public let groupID: String
    public let modelVersion: String
    public let faces: Int
    /// The archive file.
    public let path: String
    /// False when an import gave the faces new face_tokens.
    public let tokensKept: Bool
}
