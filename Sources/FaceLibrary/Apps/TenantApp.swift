/// A tenant app as the request path needs it: identity, secret and quotas.
///
/// Its descriptions never show the secret, so logging an app is safe.
public struct TenantApp: Sendable, CustomStringConvertible {
    /// Row id in the store.
    public let id: Int64
    /// The public identifier sent inside `sign`.
    public let apiKey: String
    public let name: String
    /// The HMAC key, opened from its sealed form.
    public let secret: [UInt8]
    /// False for an app that ops disabled.
    public let isActive: Bool
    public let quotas: AppQuotas

    public var description: String { "app \(apiKey) (\(name))" }
}

/// Per-app limits, stored with the app.
public struct AppQuotas: Sendable, Equatable {
    /// Most libraries the app may hold.
    public var maxGroups: Int
    /// Most faces across all of the app's libraries.
    public var maxFaces: Int

    /// The contract's defaults: 10 libraries, 5,000,000 faces.
    public static let defaults = AppQuotas(maxGroups: 10, maxFaces: 5_000_000)

    /// Sets both limits.
    public init(maxGroups: Int, maxFaces: Int) {
        self.maxGroups = maxGroups
        self.maxFaces = maxFaces
    }
}

/// A new app's credentials, shown once to ops and never stored in the clear.
public struct AppCredentials: Sendable, Equatable {
    public let apiKey: String
    public let apiSecret: String
}

/// An app as ops tools list it: everything but the secret, and what it uses.
public struct AppSummary: Sendable, Equatable {
    public let apiKey: String
    public let name: String
    public let isActive: Bool
    public let quotas: AppQuotas
    /// Unix milliseconds.
    public let createdAt: Int64
    /// Libraries the app holds now.
    public let libraryCount: Int
    /// Faces across the app's libraries now.
    public let faceCount: Int
}
