import Foundation

/// Builds the server configuration from defaults, a TOML file, the
/// environment and flags, in that order of strength.
public enum ConfigLoader {
    /// The config file used when none is named and it exists.
    public static let defaultConfigPath = "config/face-server.toml"
    /// The environment variable naming a config file.
    public static let configEnvironmentName = "FACE_SERVER_CONFIG"

    /// Loads the configuration.
    ///
    /// - Parameters:
    ///   - configPath: the `--config` flag; nil to use `FACE_SERVER_CONFIG` or the default file if present.
    ///   - environment: the process environment; unknown `FACE_SERVER_*` names are refused.
    ///   - flags: option keys (`max_body_bytes`) to flag values.
    public static func load(configPath: String?, environment: [String: String],
                            flags: [String: String]) throws(ConfigError) -> ServerConfiguration {
        var configuration = ServerConfiguration()
        let options = Dictionary(uniqueKeysWithValues: ServerOptions.all.map { ($0.key, $0) })

        if let path = configPath ?? environment[configEnvironmentName] {
            try applyFile(path, required: true, options: options, to: &configuration)
        } else {
            try applyFile(defaultConfigPath, required: false, options: options, to: &configuration)
        }
        for (name, value) in environment.sorted(by: { $0.key < $1.key })
        where name.hasPrefix("FACE_SERVER_") && name != configEnvironmentName {
            guard let option = ServerOptions.all.first(where: { $0.environmentName == name }) else {
                throw ConfigError("unknown environment variable \(name)")
            }
            try apply(option, .text(value), source: "environment variable \(name)", to: &configuration)
        }
        for (key, value) in flags.sorted(by: { $0.key < $1.key }) {
            guard let option = options[key] else { throw ConfigError("unknown option \(key)") }
            try apply(option, .text(value), source: "flag \(option.flagName)", to: &configuration)
        }
        try checkCombinations(configuration)
        return configuration
    }

    /// Rules that involve more than one option.
    private static func checkCombinations(_ configuration: ServerConfiguration) throws(ConfigError) {
        guard configuration.minImageSide <= configuration.maxImageSide else {
            throw ConfigError("min_image_side (\(configuration.minImageSide)) is larger than max_image_side (\(configuration.maxImageSide))")
        }
        guard configuration.tlsCertificate.isEmpty == configuration.tlsPrivateKey.isEmpty else {
            throw ConfigError("tls_certificate and tls_private_key must be set together (one of them is empty)")
        }
        guard configuration.adminPort == 0 || configuration.adminPort != configuration.port else {
            throw ConfigError("admin_port (\(configuration.adminPort)) must differ from port")
        }
    }

    private static func applyFile(_ path: String, required: Bool, options: [String: any ConfigOption],
                                  to configuration: inout ServerConfiguration) throws(ConfigError) {
        guard FileManager.default.fileExists(atPath: path) else {
            if required { throw ConfigError("config file \(path) does not exist") }
            return
        }
        guard let data = FileManager.default.contents(atPath: path),
              let text = String(data: data, encoding: .utf8) else {
            throw ConfigError("config file \(path) cannot be read as UTF-8 text")
        }
        for entry in try TOMLSubsetParser.parse(text, file: path) {
            guard let option = options[entry.key] else {
                throw ConfigError("\(path):\(entry.line): unknown option \(entry.key)")
            }
            try apply(option, entry.value, source: "\(path):\(entry.line)", to: &configuration)
        }
    }

    private static func apply(_ option: any ConfigOption, _ value: ConfigValue, source: String,
                              to configuration: inout ServerConfiguration) throws(ConfigError) {
        guard option.apply(value, to: &configuration) else {
            throw ConfigError("\(source): \(option.key) must be \(option.expected)")
        }
    }
}
