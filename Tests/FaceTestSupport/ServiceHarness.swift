import FaceLibrary
import FaceStore
import Logging

/// The service layer wired as the server wires it (sealing key file, the
/// store, indexes, a model) on fresh storage of one backend, with the fake
/// model unless told otherwise: what the service and HTTP contract tests build on.
public struct ServiceHarness: Sendable {
    /// The temp directory (sealing key, SQLite file) and, on PostgreSQL, the test database.
    public let storage: TestStorage
    /// The store behind the services, for what a test does behind their back.
    public let store: any FaceStorage & StorageMaintenance
    public let model: FakeFaceModel
    public let services: LibraryServices

    /// Runs `body` on services over new storage of `backend` with `model` (a
    /// new fake by default), then shuts the store down and removes the storage.
    public static func with<T>(_ backend: TestBackend = .sqlite, model: FakeFaceModel? = nil,
                               imageLimits: ImageLimits = .defaults, logger: Logger = Logger(label: "FaceLibrary"),
                               _ body: (ServiceHarness) async throws -> T) async throws -> T {
        let storage = try TestStorage(backend, prefix: "service")
        defer { storage.remove() }
        let store = try await storage.openStore(logger: logger)
        let outcome = await Result(awaiting: {
            let model = try model ?? FakeFaceModel(imageLimits: imageLimits)
            let sealer = SecretSealer(key: try SealingKeyFile.loadOrCreate(in: storage.directory.path))
            let services = LibraryServices(storage: store, sealer: sealer, imageLimits: imageLimits, model: model,
                                           logger: logger)
            return try await body(ServiceHarness(storage: storage, store: store, model: model, services: services))
        })
        _ = try? await store.shutDown()
        return try outcome.get()
    }

    /// Creates an app as ops would; returns it as requests see it, and its credentials.
    public func createApp(name: String = "test app", quotas: AppQuotas = .defaults) async throws -> (TenantApp, Credentials) {
        let created = try await services.apps.createApp(name: name, quotas: quotas)
        guard let app = try await services.apps.app(apiKey: created.apiKey) else {
            throw HarnessError.appNotFound(created.apiKey)
        }
        return (app, Credentials(apiKey: created.apiKey, apiSecret: created.apiSecret))
    }

    /// Puts `count` faces straight into an app's library (no model, no index update).
    public func seedFaces(count: Int, to groupID: String, of apiKey: String, userID: String = "user") async throws -> [String] {
        try await FaceSeeder.addFaces(count: count, to: groupID, of: apiKey, in: store, userID: userID)
    }

    /// The harness could not set up what a test asked for.
    public enum HarnessError: Error {
        case appNotFound(String)
    }
}
