import FaceLibrary

/// An app's key pair, printed once by `app create` and `app rotate-secret`.
struct CredentialsJSON: Encodable {
    let api_key: String
    let api_secret: String

    init(_ credentials: AppCredentials) {
        api_key = credentials.apiKey
        api_secret = credentials.apiSecret
    }
}
