import FaceLibrary

/// One configurable option: its TOML key, and how a value is checked and applied.
///
/// The environment variable is `FACE_SERVER_` + the key in capitals, and the
/// flag is `--` + the key with dashes (`max_body_bytes` → `FACE_SERVER_MAX_BODY_BYTES`,
/// `--max-body-bytes`).
public struct ConfigOption: Sendable {
    public let key: String
    private let apply: @Sendable (inout ServerConfiguration, ConfigValue) -> Bool
    /// What a valid value looks like, for error messages.
    public let expected: String

    /// The environment variable that sets this option.
    public var environmentName: String { "FACE_SERVER_" + key.uppercased() }
    /// The command-line flag that sets this option.
    public var flagName: String { "--" + key.replacingUnderscores() }

    /// Applies `value`; false when it is not valid for this option.
    func apply(_ value: ConfigValue, to configuration: inout ServerConfiguration) -> Bool {
        apply(&configuration, value)
    }

    static func integer(_ key: String, _ range: ClosedRange<Int>,
                        _ path: WritableKeyPath<ServerConfiguration, Int> & Sendable) -> ConfigOption {
        ConfigOption(key: key, apply: { configuration, value in
            guard let number = value.integerValue, range.contains(number) else { return false }
            configuration[keyPath: path] = number
            return true
        }, expected: "an integer from \(range.lowerBound) to \(range.upperBound)")
    }

    static func string(_ key: String, _ expected: String,
                       _ set: @escaping @Sendable (inout ServerConfiguration, String) -> Bool) -> ConfigOption {
        ConfigOption(key: key, apply: { configuration, value in
            guard let text = value.stringValue else { return false }
            return set(&configuration, text)
        }, expected: expected)
    }

    /// A file path, or empty for "none".
    static func path(_ key: String, _ path: WritableKeyPath<ServerConfiguration, String> & Sendable) -> ConfigOption {
        .string(key, "a file path, or \"\" for none") { configuration, text in
            configuration[keyPath: path] = text
            return true
        }
    }

    /// Every option, in the order of the documented config file.
    public static let all: [ConfigOption] = [
        .string("host", "a host name or IP address") { configuration, text in
            guard !text.isEmpty else { return false }
            configuration.host = text
            return true
        },
        .integer("port", 0...65535, \.port),
        .string("admin_host", "a host name or IP address") { configuration, text in
            guard !text.isEmpty else { return false }
            configuration.adminHost = text
            return true
        },
        .integer("admin_port", 0...65535, \.adminPort),
        .path("tls_certificate", \.tlsCertificate),
        .path("tls_private_key", \.tlsPrivateKey),
        .string("data_dir", "a directory path") { configuration, text in
            guard !text.isEmpty else { return false }
            configuration.dataDirectory = text
            return true
        },
        .string("database_url", "postgres://USER[:PASSWORD]@HOST:PORT/DATABASE, or \"\" for SQLite in data_dir") {
            configuration, text in
            guard text.isEmpty || (try? DatabaseLocation(databaseURL: text)) != nil else { return false }
            configuration.databaseURL = text
            return true
        },
        .path("sealing_key_file", \.sealingKeyFile),
        .string("models_dir", "a directory path") { configuration, text in
            guard !text.isEmpty else { return false }
            configuration.modelsDirectory = text
            return true
        },
        .integer("max_body_bytes", 1024...1 << 30, \.maxBodyBytes),
        .integer("max_image_bytes", 1024...1 << 30, \.maxImageBytes),
        .integer("min_image_side", 1...65535, \.minImageSide),
        .integer("max_image_side", 1...65535, \.maxImageSide),
        .integer("read_timeout", 1...3600, \.readTimeout),
        .integer("max_image_pixels", 1...1 << 32, \.maxImagePixels),
        .integer("app_max_concurrent_requests", 0...100_000, \.appMaxConcurrentRequests),
        .integer("inference_concurrency", 0...1024, \.inferenceConcurrency),
        .string("inference_threading", AnalysisThreading.allCases.map(\.rawValue).joined(separator: "|")) {
            configuration, text in
            guard let threading = AnalysisThreading(rawValue: text) else { return false }
            configuration.inferenceThreading = threading
            return true
        },
        .integer("min_face_size", 0...4096, \.minFaceSize),
        .integer("signature_max_validity", 1...10 * 365 * 86_400, \.signatureMaxValidity),
        .integer("signature_skew", 0...86_400, \.signatureSkew),
        .string("display_time_zone", "an offset such as +08:00, -05:30 or Z") { configuration, text in
            guard let zone = DisplayTimeZone(text) else { return false }
            configuration.displayTimeZone = zone
            return true
        },
        .string("log_level", ServerConfiguration.LogLevel.allCases.map(\.rawValue).joined(separator: "|")) {
            configuration, text in
            guard let level = ServerConfiguration.LogLevel(rawValue: text) else { return false }
            configuration.logLevel = level
            return true
        },
        .string("log_format", "text|json") { configuration, text in
            guard let format = ServerConfiguration.LogFormat(rawValue: text) else { return false }
            configuration.logFormat = format
            return true
        },
        .integer("shutdown_grace_seconds", 1...3600, \.shutdownGraceSeconds),
    ]
}

extension String {
    fileprivate func replacingUnderscores() -> String {
        String(map { $0 == "_" ? "-" : $0 })
    }
}
