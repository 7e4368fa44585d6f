import ArgumentParser
import FaceAPI
import FaceLibrary
import Foundation
import Hummingbird
import Logging

/// face-server: loads the configuration, opens the data directory, and serves
/// the FaceSearch API until SIGTERM or SIGINT, finishing in-flight requests.
@main
struct FaceServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "face-server",
        abstract: "Serve the FaceSearch API from a data directory.",
        discussion: """
            Options come from defaults, then the TOML config file, then FACE_SERVER_* environment
            variables, then these flags. See config/face-server.toml for every option.
            """)

    @Option(help: "TOML config file (default: config/face-server.toml when present).")
    var config: String?
    @Option(help: "Directory holding the SQLite database and the secret-sealing key (default ./data).")
    var dataDir: String?
    @Option(help: "Directory with one folder per recognition model (default ./models).")
    var modelsDir: String?
    @Option(help: "Address to listen on (default 127.0.0.1).")
    var host: String?
    @Option(help: "Port to listen on; 0 picks a free one (default 8080).")
    var port: String?
    @Option(help: "Largest request body in bytes (default 8388608).")
    var maxBodyBytes: String?
    @Option(help: "Largest encoded image in bytes (default 5242880).")
    var maxImageBytes: String?
    @Option(help: "Smallest image side in pixels (default 48).")
    var minImageSide: String?
    @Option(help: "Largest image side in pixels (default 4096).")
    var maxImageSide: String?
    @Option(help: "Seconds a client may take to send a request (default 60).")
    var readTimeout: String?
    @Option(help: "Longest signature validity b - c in seconds (default 86400).")
    var signatureMaxValidity: String?
    @Option(help: "Allowed client clock skew in seconds (default 300).")
    var signatureSkew: String?
    @Option(help: "UTC offset for library add_time (default +08:00).")
    var displayTimeZone: String?
    @Option(help: "trace|debug|info|notice|warning|error|critical (default info).")
    var logLevel: String?
    @Option(help: "text|json (default text).")
    var logFormat: String?

    /// The flags given, keyed by option name.
    private var flags: [String: String] {
        let given: [(String, String?)] = [
            ("data_dir", dataDir), ("models_dir", modelsDir), ("host", host), ("port", port), ("max_body_bytes", maxBodyBytes),
            ("max_image_bytes", maxImageBytes), ("min_image_side", minImageSide), ("max_image_side", maxImageSide),
            ("read_timeout", readTimeout),
            ("signature_max_validity", signatureMaxValidity), ("signature_skew", signatureSkew),
            ("display_time_zone", displayTimeZone), ("log_level", logLevel), ("log_format", logFormat),
        ]
        return Dictionary(uniqueKeysWithValues: given.compactMap { key, value in value.map { (key, $0) } })
    }

    func run() async throws {
        let settings: ServerConfiguration
        do {
            settings = try ConfigLoader.load(configPath: config, environment: ProcessInfo.processInfo.environment,
                                             flags: flags)
        } catch {
            FileHandle.standardError.write(Data("face-server: configuration: \(error)\n".utf8))
            throw ExitCode(78)
        }
        LogSetup.bootstrap(format: settings.logFormat, level: settings.logLevel)
        let logger = Logger(label: "face-server")

        let model: RecognitionModel
        do {
            model = try RecognitionModel.load(modelsDirectory: settings.modelsDirectory, version: "s21",
                                              imageLimits: settings.imageLimits)
        } catch {
            logger.critical("cannot load the face model", metadata: [
                "models_dir": "\(settings.modelsDirectory)", "error": "\(error)",
            ])
            throw ExitCode(78)
        }
        let services: LibraryServices
        do {
            services = try LibraryServices.open(dataDirectory: settings.dataDirectory, imageLimits: settings.imageLimits,
                                                model: model, logger: Logger(label: "face-library"))
        } catch {
            logger.critical("cannot open data directory", metadata: [
                "data_dir": "\(settings.dataDirectory)", "error": "\(error)",
            ])
            throw ExitCode(74)
        }
        let api = FaceAPI(services: services, settings: settings.apiSettings, logger: Logger(label: "face-api"))
        let application = APIServer.application(
            api: api, host: settings.host, port: settings.port, logger: logger
        ) { port in
            logger.notice("listening", metadata: [
                "host": "\(settings.host)", "port": "\(port)", "data_dir": "\(settings.dataDirectory)",
            ])
        }
        // Requests are served while the indexes load; add and search wait for
        // their library's index.
        let indexLoad = Task {
            do {
                try await services.loadIndexes()
            } catch {
                logger.error("vector index load failed; libraries load on first use", metadata: ["error": "\(error)"])
            }
        }
        try await application.runService(gracefulShutdownSignals: [.sigterm, .sigint])
        indexLoad.cancel()
        logger.notice("stopped")
    }
}
