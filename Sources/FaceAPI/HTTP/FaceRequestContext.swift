import Hummingbird

/// The request context of the FaceSearch routes: Hummingbird's core context,
/// the configured body limit, and the request's trace.
public struct FaceRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Set from configuration by `EnvelopeMiddleware` before any route runs.
    public var maxUploadSize: Int
    /// Request id, timing, app and error of this request.
    public let trace: RequestTrace

    public init(source: Source) {
        coreContext = .init(source: source)
        maxUploadSize = APISettings.defaults.maxBodyBytes
        trace = RequestTrace()
    }
}
