import FaceAPI
import FaceLibrary
import FaceTestSupport
import Hummingbird
import HummingbirdTesting
import Logging

// Design note: the HTTP contract tested in-process. The application is the
// one face-server runs (`APIServer.application` over `FaceAPI`), over the real
// services on fresh storage (a temp directory with the sealing key and the
// SQLite file, or a database on the test PostgreSQL cluster) with the fake
// model. `.router` hands each request straight to the router (middleware,
// routes, form decoding, signatures, services); `.live` serves it on a
// loopback port with the real channel handlers (100-continue, read deadline).

/// One in-process server for one test: its clients, its services, its log.
struct APIHarness: Sendable {
    let services: ServiceHarness
    let testClient: any TestClientProtocol
    /// Every log line of the API, the application and the services.
    let log: LogCapture

    /// The fake model behind add and search.
    var model: FakeFaceModel { services.model }

    /// The loopback port of a `.live` server (nil for `.router`).
    var port: Int? { testClient.port }

    /// Creates a tenant app as ops would.
    func createApp(name: String = "test app", quotas: AppQuotas = .defaults) async throws -> Credentials {
        try await services.createApp(name: name, quotas: quotas).1
    }

    /// A signing client of `credentials`.
    func client(_ credentials: Credentials) -> FaceClient {
        FaceClient(transport: TestClientTransport(client: testClient), credentials: credentials)
    }

    /// A client of a new app.
    func newClient(name: String = "test app", quotas: AppQuotas = .defaults) async throws -> FaceClient {
        client(try await createApp(name: name, quotas: quotas))
    }

    /// Puts `count` faces straight into a library of the client's app.
    func seedFaces(count: Int, to groupID: String, of client: FaceClient, userID: String = "user") async throws -> [String] {
        try await services.seedFaces(count: count, to: groupID, of: client.credentials.apiKey, userID: userID)
    }
}

/// Runs `body` against a fresh in-process server (`.router` unless told) on
/// new storage of `backend`, then removes the storage.
func withAPI(_ setup: TestingSetup = .router, backend: TestBackend = .sqlite, settings: APISettings = .defaults,
             imageLimits: ImageLimits = .defaults, model: FakeFaceModel? = nil, logLevel: Logger.Level = .info,
             clock: @escaping @Sendable () -> Int64 = SignatureVerifier.systemClock,
             _ body: @Sendable (APIHarness) async throws -> Void) async throws {
    let log = LogCapture()
    try await ServiceHarness.with(backend, model: model, imageLimits: imageLimits,
                                  logger: log.logger(label: "face-library", level: logLevel)) { services in
        let api = FaceAPI(services: services.services, settings: settings,
                          logger: log.logger(label: "face-api", level: logLevel), clock: clock)
        let application = try APIServer.application(api: api, host: "127.0.0.1", port: 0,
                                                     logger: log.logger(label: "face-server", level: logLevel))
        try await application.test(setup) { client in
            try await body(APIHarness(services: services, testClient: client, log: log))
        }
    }
}
