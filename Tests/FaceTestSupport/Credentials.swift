/// An app's key pair as facectl prints it.
public struct Credentials: Sendable, Equatable, Decodable {
    public let apiKey: String
    public let apiSecret: String

    /// Wraps a key pair.
    public init(apiKey: String, apiSecret: String) {
        self.apiKey = apiKey
        self.apiSecret = apiSecret
    }

    enum CodingKeys: String, CodingKey {
        case apiKey = "api_key"
        case apiSecret = "api_secret"
    }
}
