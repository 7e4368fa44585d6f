import FaceLibrary

/// Every option of face-server, with the contract's defaults.
///
/// Sources, weakest first: these defaults, the TOML file, `FACE_SERVER_*`
/// environment variables, command-line flags (see `ConfigLoader`).
public struct ServerConfiguration: Sendable, Equatable {
    public var host = "127.0.0.1"
    public var port = 8080
    /// Address of the admin listener (health, readiness, metrics).
    public var adminHost = "127.0.0.1"
    /// Port of the admin listener; 0 leaves it off.
    public var adminPort = 0
    /// PEM certificate chain for in-process TLS; empty serves plain HTTP.
    public var tlsCertificate = ""
    /// PEM private key of `tlsCertificate`.
    public var tlsPrivateKey = ""
    public var dataDirectory = "./data"
    /// `postgres://USER[:PASSWORD]@HOST:PORT/DB`; empty: SQLite in `dataDirectory`.
    public var databaseURL = ""
    /// The secret-sealing key file; empty: `secret-sealing.key` in `dataDirectory`.
    public var sealingKeyFile = ""
    /// Holds one folder per recognition model version (`models/s21/`).
    public var modelsDirectory = "./models"
    public var maxBodyBytes = 8 * 1024 * 1024
    public var maxImageBytes = 5 * 1024 * 1024
    public var minImageSide = 48
    public var maxImageSide = 4096
    /// Seconds a client may take to send a request (see `APISettings.readTimeout`).
    public var readTimeout = 60
    public var maxImagePixels = 4096 * 4096
    /// Requests one app may have in flight; 0: no cap.
    public var appMaxConcurrentRequests = 16
    /// Face-pipeline runs at once; 0: one per CPU core.
    public var inferenceConcurrency = 0
    /// Whether one face-pipeline run also uses the cores the others leave idle.
    public var inferenceThreading = AnalysisThreading.adaptive
    /// Smallest face searched for, in pixels of the photo as sent (0: only faces of ~70 px and up).
    public var minFaceSize = 40
    public var signatureMaxValidity = 86_400
    public var signatureSkew = 300
    public var displayTimeZone = DisplayTimeZone.defaultZone
    public var logLevel = LogLevel.info
    public var logFormat = LogFormat.text
    /// Longest wait for in-flight requests after SIGTERM before they are cut off.
    public var shutdownGraceSeconds = 25

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
                    displayZone: displayTimeZone, readTimeout: .seconds(Int64(readTimeout)),
                    maxConcurrentRequestsPerApp: appMaxConcurrentRequests)
    }

    /// The service layer's image bounds.
    public var imageLimits: ImageLimits {
        ImageLimits(maxImageBytes: maxImageBytes, minSide: minImageSide, maxSide: maxImageSide, maxPixels: maxImagePixels)
    }
}
