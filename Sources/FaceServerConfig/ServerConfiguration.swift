import FaceAPI
import FaceLibrary
import NIOCore

/// The value of every option of face-server (`configuration.port`), each at
/// its declared default until a source sets it.
///
/// Sources, weakest first: the defaults in `ServerOptions`, the TOML file,
/// `FACE_SERVER_*` environment variables, command-line flags (see `ConfigLoader`).
@dynamicMemberLookup
public struct ServerConfiguration: Sendable, Equatable {
    /// The values sources gave, by option key; an option not here has its default.
    private var values: [String: any Sendable] = [:]

    /// All defaults.
    public init() {}

    public subscript<Value>(option: ServerOption<Value>) -> Value {
        get { values[option.key] as? Value ?? option.defaultValue }
        set { values[option.key] = newValue }
    }

    public subscript<Value>(dynamicMember option: KeyPath<ServerOptions, ServerOption<Value>>) -> Value {
        get { self[ServerOptions.shared[keyPath: option]] }
        set { self[ServerOptions.shared[keyPath: option]] = newValue }
    }

    public static func == (first: ServerConfiguration, second: ServerConfiguration) -> Bool {
        ServerOptions.all.allSatisfy { $0.sameValue(in: first, and: second) }
    }

    /// How much the server logs.
    public enum LogLevel: String, Sendable, CaseIterable {
        case trace, debug, info, notice, warning, error, critical
    }

    /// How log lines are written: human-readable or one JSON object per line.
    public enum LogFormat: String, Sendable, CaseIterable {
        case text, json
    }

    /// An option that is on or off.
    public enum Switch: String, Sendable, CaseIterable {
        case on, off
    }

    /// How the node follows the database's change log (PostgreSQL mode).
    public var syncOptions: SyncOptions {
        SyncOptions(pollInterval: .milliseconds(self.syncPollMilliseconds), notifications: self.syncNotify == .on,
                    changeRetention: .seconds(self.changeRetentionHours * 3600))
    }

    /// The HTTP front's part of the configuration.
    public var apiSettings: APISettings {
        APISettings(maxBodyBytes: self.maxBodyBytes,
                    signaturePolicy: SignaturePolicy(maxValidity: Int64(self.signatureMaxValidity),
                                                     skew: Int64(self.signatureSkew)),
                    displayZone: self.displayTimeZone, readTimeout: .seconds(Int64(self.readTimeout)),
                    maxConcurrentRequestsPerApp: self.appMaxConcurrentRequests)
    }

    /// The service layer's image bounds.
    public var imageLimits: ImageLimits {
        ImageLimits(maxImageBytes: self.maxImageBytes, minSide: self.minImageSide, maxSide: self.maxImageSide,
                    maxPixels: self.maxImagePixels)
    }
}
