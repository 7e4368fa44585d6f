import FaceLibrary

/// Every option of face-server, with the contract's defaults.
///
/// Sources, weakest first: these defaults, the TOML file, `FACE_SERVER_*`
/// environment variables, command-line flags (see `ConfigLoader`).
public struct ServerConfiguration: Sendable, Equatable {
    public var host = "127.0.0.1"
    public var port = 8080
    public var dataDirectory = "./data"
    /// Holds one folder per recognition model version (`models/s21/`).
    public var modelsDirectory = "./models"
    public var maxBodyBytes = 8 * 1024 * 1024
    public var maxImageBytes = 5 * 1024 * 1024
    public var minImageSide = 48
    public var maxImageSide = 4096
    /// Seconds a client may take to send a request (see `APISettings.readTimeout`).
    public var readTimeout = 60
    public var signatureMaxValidity = 86_400
    public var signatureSkew = 300
    public var displayTimeZone = DisplayTimeZone.defaultZone
    public var logLevel = LogLevel.info
    public var logFormat = LogFormat.text

    /// All defaults.
    public init() {}

    /// How much the server logs.
    public enum LogLevel: String, Sendable, CaseIterable {
        case trace, debug, info, notice, warning, error, critical
    }

    /// How log lines are written: human-readable or one JSON object per line.
    public enum LogFormat: String, Sendable, CaseIterable {
        case text, json
    }

    /// The HTTP front's part of the configuration.
    public var apiSettings: APISettings {
        APISettings(maxBodyBytes: maxBodyBytes,
                    signaturePolicy: SignaturePolicy(maxValidity: Int64(signatureMaxValidity), skew: Int64(signatureSkew)),
                    displayZone: displayTimeZone, readTimeout: .seconds(Int64(readTimeout)))
    }

    /// The service layer's image bounds.
    public var imageLimits: ImageLimits {
        ImageLimits(maxImageBytes: maxImageBytes, minSide: minImageSide, maxSide: maxImageSide)
    }
}
