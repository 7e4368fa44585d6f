import FaceStore

// Every change goes straight to the store and the request path reads the
// app from the store on each request, so a disabled app, a rotated secret or
// a new quota applies to the very next request, in every server process,
// without a restart or a cache to invalidate.
extension AppRegistry {
    /// The app with this api_key, without its secret, with its usage.
    public func summary(apiKey: String) async throws -> AppSummary {
        guard let record = try await storage.app(apiKey: apiKey) else { throw AppRegistryError.unknownAPIKey(apiKey) }
        return AppSummary(record, libraries: try await storage.libraries(appID: record.id))
    }

    /// Enables or disables the app; a disabled app's requests get `DISABLED_APP`.
    @discardableResult
    public func setActive(_ active: Bool, apiKey: String) async throws -> AppSummary {
        try await change(apiKey, .state(active ? .active : .disabled))
    }

    /// Replaces the app's secret with a fresh random one; the old one stops working at once.
    public func rotateSecret(apiKey: String) async throws -> AppCredentials {
        let secret = try SecureRandom.urlSafeString(length: Self.credentialLength)
        try await change(apiKey, .sealedSecret(try sealer.seal(Array(secret.utf8), apiKey: apiKey)))
        return AppCredentials(apiKey: apiKey, apiSecret: secret)
    }

    /// Sets the given quotas (nil keeps one). Lowering a quota below the
    /// current usage removes nothing; it only refuses further creates and adds.
    @discardableResult
    public func setQuotas(apiKey: String, maxGroups: Int?, maxFaces: Int?) async throws -> AppSummary {
        guard (maxGroups ?? 0) >= 0, (maxFaces ?? 0) >= 0 else { throw AppRegistryError.invalidQuota }
        return try await change(apiKey, .quotas(maxGroups: maxGroups, maxFaces: maxFaces))
    }

    @discardableResult
    private func change(_ apiKey: String, _ change: AppChange) async throws -> AppSummary {
        guard let record = try await storage.updateApp(apiKey: apiKey, change) else {
            throw AppRegistryError.unknownAPIKey(apiKey)
        }
        return AppSummary(record, libraries: try await storage.libraries(appID: record.id))
    }
}

extension AppSummary {
    init(_ record: AppRecord, libraries: [LibraryRecord]) {
        self.init(apiKey: record.apiKey, name: record.name, isActive: record.state == .active,
                  quotas: AppQuotas(maxGroups: record.maxGroups, maxFaces: record.maxFaces),
                  createdAt: record.createdAt, libraryCount: libraries.count,
                  faceCount: libraries.reduce(0) { $0 + $1.faceCount })
    }
}
