/// A stored tenant app: its public key, sealed secret, state and quotas.
///
/// The store keeps the secret exactly as given (already sealed by the
/// service layer); it never sees the plain secret.
public struct AppRecord: Sendable, Equatable {
    public var id: Int64
    public var apiKey: String
    public var name: String
    public var sealedSecret: [UInt8]
    public var state: State
    public var maxGroups: Int
    public var maxFaces: Int
    /// Unix milliseconds.
    public var createdAt: Int64

    /// Collects the fields.
    public init(id: Int64, apiKey: String, name: String, sealedSecret: [UInt8], state: State, maxGroups: Int, maxFaces: Int, createdAt: Int64) {
        self.id = id
        self.apiKey = apiKey
        self.name = name
        self.sealedSecret = sealedSecret
        self.state = state
        self.maxGroups = maxGroups
        self.maxFaces = maxFaces
        self.createdAt = createdAt
    }

    /// Whether an app may make requests.
    public enum State: String, Sendable, CaseIterable {
        case active
        case disabled
    }
}

/// The fields of an app about to be inserted.
public struct NewAppRecord: Sendable {
    public var apiKey: String
    public var name: String
    public var sealedSecret: [UInt8]
    public var maxGroups: Int
    public var maxFaces: Int
    /// Unix milliseconds.
    public var createdAt: Int64

    /// Collects the fields of a new app.
    public init(apiKey: String, name: String, sealedSecret: [UInt8], maxGroups: Int, maxFaces: Int, createdAt: Int64) {
        self.apiKey = apiKey
        self.name = name
        self.sealedSecret = sealedSecret
        self.maxGroups = maxGroups
        self.maxFaces = maxFaces
        self.createdAt = createdAt
    }
}
