import FaceAPI
import FaceLibrary
import FaceVision

/// Every option of face-server, in the order of config/face-server.toml.
///
/// This is the one place an option is declared: adding a property here gives
/// it a flag, an environment variable, a config-file key, a line of `--help`
/// and a typed field of `ServerConfiguration` (`configuration.port`). The
/// config file documents each option at its default (a test holds them equal).
public struct ServerOptions: Sendable {
    public let host = ServerOption.text("host", default: "127.0.0.1", expected: "a host name or IP address",
                                        help: "Address the tenant API listens on.")
    public let port = ServerOption.integer("port", default: 8080, in: 0...65535,
                                           help: "Port of the tenant API; 0 picks a free one.")
    public let adminHost = ServerOption.text("admin_host", default: "127.0.0.1", expected: "a host name or IP address",
                                             help: "Address of the admin listener: healthz, readyz, metrics.")
    public let adminPort = ServerOption.integer("admin_port", default: 0, in: 0...65535,
                                                help: "Port of the admin listener; 0 leaves it off.")
    public let tlsCertificate = ServerOption.path("tls_certificate",
                                                  help: "PEM certificate chain for in-process TLS; none serves plain HTTP.")
    public let tlsPrivateKey = ServerOption.path("tls_private_key", help: "PEM private key for in-process TLS.")
    public let dataDirectory = ServerOption.text("data_dir", default: "./data", expected: "a directory path",
                                                 help: "Directory holding the SQLite database and the secret-sealing key.")
    /// Empty: SQLite in `dataDirectory`; the URL is checked here, so a bad one stops the start as a configuration error.
    public let databaseURL = ServerOption<String>(
        "database_url", default: "", expected: "postgres://USER[:PASSWORD]@HOST:PORT/DATABASE, or \"\" for SQLite in data_dir",
        help: "PostgreSQL database, postgres://USER[:PASSWORD]@HOST:PORT/DB; none: SQLite in the data directory.",
        show: { $0.isEmpty ? "none" : $0 }) { value in
        value.stringValue.flatMap { $0.isEmpty || (try? DatabaseLocation(databaseURL: $0)) != nil ? $0 : nil }
    }
    public let sealingKeyFile = ServerOption.path(
        "sealing_key_file",
        help: "The secret-sealing key file, the same for every process of a deployment; none: secret-sealing.key in the data directory.")
    /// With several nodes on one PostgreSQL database: how each names itself and follows the others' writes.
    public let nodeID = ServerOption<String>(
        "node_id", default: "", expected: "a name of at most 200 characters, or \"\" for host name and port",
        help: "This node's name among the nodes of one PostgreSQL database.",
        show: { $0.isEmpty ? "host name and port" : $0 }) { value in
        value.stringValue.flatMap { $0.count <= 200 ? $0 : nil }
    }
    public let syncPollMilliseconds = ServerOption.integer(
        "sync_poll_ms", default: 2000, in: 100...3_600_000,
        help: "Milliseconds between two reads of every library's change log head (PostgreSQL).")
    public let syncNotify = ServerOption.choice("sync_notify", default: ServerConfiguration.Switch.on,
                                                help: "Listen for and send change notifications (PostgreSQL).")
    public let changeRetentionHours = ServerOption.integer("change_retention_hours", default: 168, in: 1...87_600,
                                                           help: "Hours change log rows are kept (PostgreSQL).")
    /// Holds one folder per recognition model version (`models/s21/`).
    public let modelsDirectory = ServerOption.text("models_dir", default: "./models", expected: "a directory path",
                                                   help: "Directory with one folder per recognition model.")
    public let maxBodyBytes = ServerOption.integer("max_body_bytes", default: 8 * 1024 * 1024, in: 1024...1 << 30,
                                                   help: "Largest request body in bytes.")
    public let maxImageBytes = ServerOption.integer("max_image_bytes", default: 5 * 1024 * 1024, in: 1024...1 << 30,
                                                    help: "Largest encoded image in bytes.")
    public let minImageSide = ServerOption.integer("min_image_side", default: 48, in: 1...65535,
                                                   help: "Smallest image side in pixels.")
    public let maxImageSide = ServerOption.integer("max_image_side", default: 4096, in: 1...65535,
                                                   help: "Largest image side in pixels.")
    /// See `APISettings.readTimeout`.
    public let readTimeout = ServerOption.integer("read_timeout", default: 60, in: 1...3600,
                                                  help: "Seconds a client may take to send a request.")
    public let maxImagePixels = ServerOption.integer("max_image_pixels", default: 4096 * 4096, in: 1...1 << 32,
                                                     help: "Most pixels, width x height, of an image.")
    public let appMaxConcurrentRequests = ServerOption.integer(
        "app_max_concurrent_requests", default: 16, in: 0...100_000,
        help: "Requests one app may have in flight; 0 for no cap.")
    public let inferenceConcurrency = ServerOption.integer("inference_concurrency", default: 0, in: 0...1024,
                                                           help: "Face-pipeline runs at once; 0 for one per CPU core.")
    public let inferenceThreading: ServerOption<AnalysisThreading> = .choice(
        "inference_threading", default: AnalysisThreading.adaptive,
        help: "adaptive: a pipeline run also uses idle cores; serial: one core per run.")
    public let minFaceSize = ServerOption.integer(
        "min_face_size", default: FaceAnalyzer.defaultMinFaceSize, in: 0...4096,
        help: "Smallest face found, in pixels of the photo as sent; 0 for ~70 px and up only.")
    public let signatureMaxValidity = ServerOption.integer("signature_max_validity", default: 86_400,
                                                           in: 1...10 * 365 * 86_400,
                                                           help: "Longest signature validity b - c in seconds.")
    public let signatureSkew = ServerOption.integer("signature_skew", default: 300, in: 0...86_400,
                                                    help: "Allowed client clock skew in seconds.")
    public let displayTimeZone = ServerOption(
        "display_time_zone", default: DisplayTimeZone.defaultZone, expected: "an offset such as +08:00, -05:30 or Z",
        help: "UTC offset for library add_time.", show: \.description) { $0.stringValue.flatMap(DisplayTimeZone.init) }
    public let logLevel = ServerOption.choice("log_level", default: ServerConfiguration.LogLevel.info,
                                              help: "How much the server logs.")
    public let logFormat = ServerOption.choice("log_format", default: ServerConfiguration.LogFormat.text,
                                               help: "text: human-readable; json: one object per line.")
    public let shutdownGraceSeconds = ServerOption.integer(
        "shutdown_grace_seconds", default: 25, in: 1...3600,
        help: "Seconds to let in-flight requests finish after SIGTERM.")

    /// The declarations.
    public static let shared = ServerOptions()

    /// Every option, in declaration order: read by reflection, so that
    /// declaring an option above is all it takes.
    public static let all: [any ConfigOption] = Mirror(reflecting: shared).children.compactMap {
        $0.value as? any ConfigOption
    }
}
