import FaceStore
import Foundation

/// Creates tenant apps and finds them by api_key for each request.
///
/// Lookups go to the store every time (an indexed read), so an app created by
/// facectl in another process is served at once, without a restart or a cache
/// to invalidate.
public struct AppRegistry: Sendable {
    let storage: any FaceStorage
    let sealer: SecretSealer

    /// Characters in a generated api_key and api_secret (6 random bits each: 192 bits).
    public static let credentialLength = 32
    /// Longest app name ops may give.
    public static let maxNameCharacters = 128

    /// Uses `storage` for app rows and `sealer` for their secrets.
    public init(storage: any FaceStorage, sealer: SecretSealer) {
        self.storage = storage
        self.sealer = sealer
    }

    /// Creates an active app with fresh random credentials.
    public func createApp(name: String, quotas: AppQuotas = .defaults) async throws -> AppCredentials {
        guard (1...Self.maxNameCharacters).contains(FieldRules.characterCount(name)),
              !name.allSatisfy(\.isWhitespace) else { throw AppRegistryError.invalidName }
        guard quotas.maxGroups >= 0, quotas.maxFaces >= 0 else { throw AppRegistryError.invalidQuota }
        let apiKey = try SecureRandom.urlSafeString(length: Self.credentialLength)
        let apiSecret = try SecureRandom.urlSafeString(length: Self.credentialLength)
        _ = try await storage.insertApp(NewAppRecord(
            apiKey: apiKey, name: name, sealedSecret: try sealer.seal(Array(apiSecret.utf8), apiKey: apiKey),
            maxGroups: quotas.maxGroups, maxFaces: quotas.maxFaces,
            createdAt: Int64(Date().timeIntervalSince1970 * 1000)))
        return AppCredentials(apiKey: apiKey, apiSecret: apiSecret)
    }

    /// The app with this api_key and its opened secret; nil when unknown.
    public func app(apiKey: String) async throws -> TenantApp? {
        guard let record = try await storage.app(apiKey: apiKey) else { return nil }
        return TenantApp(id: record.id, apiKey: record.apiKey, name: record.name,
                         secret: try sealer.open(record.sealedSecret, apiKey: record.apiKey),
                         isActive: record.state == .active,
                         quotas: AppQuotas(maxGroups: record.maxGroups, maxFaces: record.maxFaces))
    }

    /// Every app, oldest first, without secrets, with its usage.
    public func apps() async throws -> [AppSummary] {
        let libraries = Dictionary(grouping: try await storage.allLibraries(), by: \.appID)
        return try await storage.apps().map { AppSummary($0, libraries: libraries[$0.id] ?? []) }
    }
}

/// Why ops could not create or change an app.
public enum AppRegistryError: Error, CustomStringConvertible, Equatable {
    case invalidName
    case invalidQuota
    case unknownAPIKey(String)

    public var description: String {
        switch self {
        case .invalidName: "an app name must be 1 to \(AppRegistry.maxNameCharacters) characters, not only spaces"
        case .invalidQuota: "quotas must not be negative"
        case .unknownAPIKey(let apiKey): "no app has api_key \(apiKey)"
        }
    }
}
