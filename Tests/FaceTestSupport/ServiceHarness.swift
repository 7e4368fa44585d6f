import FaceLibrary
import FaceStore
import Logging

/// The service layer wired as the server wires it (sealing key file, the
/// storage, indexes, a model) in a fresh temp directory, with the fake model
/// unless told otherwise: what the service and HTTP contract tests build on.
public struct ServiceHarness: Sendable {
    public let directory: TemporaryDirectory
    /// The store behind the services, for what a test does behind their back.
    public let storage: any FaceStorage
    public let model: FakeFaceModel
    public let services: LibraryServices

    /// Services on `storage`'s backend with `model` (a new fake by default).
    public init(storage: StorageFactory = .sqlite, model: FakeFaceModel? = nil, imageLimits: ImageLimits = .defaults,
                logger: Logger = Logger(label: "FaceLibrary")) async throws {
        let directory = try TemporaryDirectory(prefix: "service")
        self.directory = directory
        do {
            self.storage = try await storage.storage(in: directory)
            self.model = try model ?? FakeFaceModel(imageLimits: imageLimits)
            services = LibraryServices(storage: self.storage,
                                       sealer: SecretSealer(key: try SealingKeyFile.loadOrCreate(in: directory.path)),
                                       imageLimits: imageLimits, model: self.model, logger: logger)
        } catch {
            directory.remove()
            throw error
        }
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
        try await FaceSeeder.addFaces(count: count, to: groupID, of: apiKey, in: storage, userID: userID)
    }

    /// Deletes the directory and everything in it.
    public func remove() {
        directory.remove()
    }

    /// The harness could not set up what a test asked for.
    public enum HarnessError: Error {
        case appNotFound(String)
    }
}
