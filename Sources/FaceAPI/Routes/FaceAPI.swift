import FaceLibrary
import Hummingbird
import Logging
import NIOCore

// Design note: every endpoint takes the same walk, and only the last step
// differs per endpoint:
//
//   EnvelopeMiddleware ─▶ body (≤ max) ─▶ FormDecoder (large: on a lane) ─▶ SignatureVerifier ─▶ app slot ─▶ respond(endpoint) ─▶ JSON
//   (request_id, time_used, error → JSON, log line, metrics)
//
// `respond` reads the endpoint's request type from the form (argument
// validation, in contract order), calls the service, and turns the result
// into the endpoint's JSON fields. Any error on the way becomes the
// contract's error JSON in the middleware. The service is what decides; this
// layer only translates.

/// The FaceSearch HTTP API: routes, authentication, and JSON rendering.
public struct FaceAPI: Sendable {
    let services: LibraryServices
    let settings: APISettings
    let verifier: SignatureVerifier
    let concurrency: AppConcurrencyLimiter
    let logger: Logger

    /// Serves `services` with `settings`; request lines go to `logger`.
    public init(services: LibraryServices, settings: APISettings, logger: Logger,
                clock: @escaping @Sendable () -> Int64 = SignatureVerifier.systemClock) {
        self.services = services
        self.settings = settings
        self.verifier = SignatureVerifier(apps: services.apps, policy: settings.signaturePolicy,
                                          sharedSignatures: services.sharedSignatures, clock: clock)
        self.concurrency = AppConcurrencyLimiter(limit: settings.maxConcurrentRequestsPerApp)
        self.logger = logger
    }

    /// A router with the ten endpoints; any other path or method answers 404 `API_NOT_FOUND`.
    public func router() -> Router<FaceRequestContext> {
        let router = Router(context: FaceRequestContext.self)
        router.add(middleware: EnvelopeMiddleware(maxBodyBytes: settings.maxBodyBytes, logger: logger))
        for endpoint in Endpoint.allCases {
            router.post(RouterPath(endpoint.path)) { request, context in
                try await serve(endpoint, request: request, context: context)
            }
        }
        return router
    }

    private func serve(_ endpoint: Endpoint, request: Request, context: FaceRequestContext) async throws -> Response {
        // The router forgives a trailing or doubled slash; the contract does not.
        guard Endpoint(requestTarget: request.head.path ?? "") == endpoint else { throw APIError.notFound }
        // Refuse an announced oversized body before reading any of it.
        let announced = request.headers[.contentLength].flatMap(Int.init)
        if let announced, announced > settings.maxBodyBytes {
            throw APIError.tooLarge
        }
        let body = try await Self.readBody(request, limit: context.maxUploadSize, announced: announced)
        let (bytes, contentType) = (Array(body.readableBytesView), request.headers[.contentType])
        // A large body (a base64 image) is CPU work: off the request's task.
        let form = try await RequestWork.run(bytes: bytes.count) {
            try FormDecoder.decode(bytes, contentType: contentType)
        }
        let app = try await verifier.authenticate(form)
        context.trace.apiKey = app.apiKey
        let fields = try await concurrency.withSlot(for: app) {
            try await respond(endpoint, arguments: ArgumentReader(form), app: app)
        }
        return APIReply.success(fields, trace: context.trace)
    }

    /// The whole body; a connection that ends before it is `clientClosed`,
    /// never a truncated form that might still parse.
    private static func readBody(_ request: Request, limit: Int, announced: Int?) async throws -> ByteBuffer {
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: limit)
        } catch is IOError, is ChannelError {
            // The socket failed under the body (a reset); HTTPParserError, the
            // parser's view of the same, is mapped with the other errors.
            throw APIError.clientClosed
        }
        if let announced, body.readableBytes != announced { throw APIError.clientClosed }
        return body
    }

    /// The endpoint's JSON fields (after `request_id` and `time_used`).
    func respond(_ endpoint: Endpoint, arguments: ArgumentReader, app: TenantApp) async throws -> [(String, JSONValue)] {
        switch endpoint {
        case .create: try await create(arguments, app)
        case .groupList: try await groupList(app)
        case .groupInfo: try await groupInfo(arguments, app)
        case .free: try await free(arguments, app)
        case .getSize: try await getSize(arguments, app)
        case .list: try await list(arguments, app)
        case .faceInfo: try await faceInfo(arguments, app)
        case .delete: try await delete(arguments, app)
        case .add: try await add(arguments, app)
        case .search: try await search(arguments, app)
        }
    }
}
