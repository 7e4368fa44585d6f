import ArgumentParser
import FaceAPI
import FaceLibrary
import Foundation
import Hummingbird
import HummingbirdTLS
import Logging
import Prometheus
import ServiceLifecycle
import Synchronization

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
    @Option(help: "PostgreSQL database, postgres://USER[:PASSWORD]@HOST:PORT/DB (default: SQLite in the data directory).")
    var databaseURL: String?
    @Option(help: "The secret-sealing key file, the same for every process of a deployment (default <data-dir>/secret-sealing.key).")
    var sealingKeyFile: String?
    @Option(help: "Directory with one folder per recognition model (default ./models).")
    var modelsDir: String?
    @Option(help: "Address to listen on (default 127.0.0.1).")
    var host: String?
    @Option(help: "Port to listen on; 0 picks a free one (default 8080).")
    var port: String?
    @Option(help: "Address of the admin listener: healthz, readyz, metrics (default 127.0.0.1).")
    var adminHost: String?
    @Option(help: "Port of the admin listener; 0 leaves it off (default 0).")
    var adminPort: String?
    @Option(help: "PEM certificate chain for in-process TLS (default: none, plain HTTP).")
    var tlsCertificate: String?
    @Option(help: "PEM private key for in-process TLS (default: none).")
    var tlsPrivateKey: String?
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
    @Option(help: "Most pixels, width x height, of an image (default 16777216).")
    var maxImagePixels: String?
    @Option(help: "Requests one app may have in flight; 0 for no cap (default 16).")
    var appMaxConcurrentRequests: String?
    @Option(help: "Face-pipeline runs at once; 0 for one per CPU core (default 0).")
    var inferenceConcurrency: String?
    @Option(help: "adaptive: a pipeline run also uses idle cores; serial: one core per run (default adaptive).")
    var inferenceThreading: String?
    @Option(help: "Smallest face found, in pixels of the photo as sent; 0 for ~70 px and up only (default 40).")
    var minFaceSize: String?
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
    @Option(help: "Seconds to let in-flight requests finish after SIGTERM (default 25).")
    var shutdownGraceSeconds: String?

    /// The flags given, keyed by option name.
    private var flags: [String: String] {
        let given: [(String, String?)] = [
            ("data_dir", dataDir), ("database_url", databaseURL), ("sealing_key_file", sealingKeyFile),
            ("models_dir", modelsDir), ("host", host), ("port", port), ("admin_host", adminHost),
            ("admin_port", adminPort), ("tls_certificate", tlsCertificate), ("tls_private_key", tlsPrivateKey),
            ("max_body_bytes", maxBodyBytes),
            ("max_image_bytes", maxImageBytes), ("min_image_side", minImageSide), ("max_image_side", maxImageSide),
            ("read_timeout", readTimeout),
            ("max_image_pixels", maxImagePixels), ("app_max_concurrent_requests", appMaxConcurrentRequests),
            ("inference_concurrency", inferenceConcurrency), ("inference_threading", inferenceThreading),
            ("min_face_size", minFaceSize),
            ("signature_max_validity", signatureMaxValidity), ("signature_skew", signatureSkew),
            ("display_time_zone", displayTimeZone), ("log_level", logLevel), ("log_format", logFormat),
            ("shutdown_grace_seconds", shutdownGraceSeconds),
        ]
        return Dictionary(uniqueKeysWithValues: given.compactMap { key, value in value.map { (key, $0) } })
    }

    func run() async throws {
        let settings: ServerConfiguration
        let tls: TLSConfiguration?
        do {
            settings = try ConfigLoader.load(configPath: config, environment: ProcessInfo.processInfo.environment,
                                             flags: flags)
            tls = try TLSFiles.configuration(certificate: settings.tlsCertificate, privateKey: settings.tlsPrivateKey)
        } catch {
            FileHandle.standardError.write(Data("face-server: configuration: \(error)\n".utf8))
            throw ExitCode(78)
        }
        LogSetup.bootstrap(format: settings.logFormat, level: settings.logLevel)
        let registry = MetricsSetup.bootstrap()
        let logger = Logger(label: "face-server")

        let model: RecognitionModel
        do {
            model = try RecognitionModel.load(modelsDirectory: settings.modelsDirectory, version: "s21",
                                              imageLimits: settings.imageLimits,
                                              maxConcurrentAnalyses: settings.inferenceConcurrency,
                                              threading: settings.inferenceThreading,
                                              minFaceSize: settings.minFaceSize)
        } catch {
            logger.critical("cannot load the face model", metadata: [
                "models_dir": "\(settings.modelsDirectory)", "error": "\(error)",
            ])
            throw ExitCode(78)
        }
        let directory: DataDirectory
        do {
            // Validated by the configuration loader.
            let database = try DatabaseLocation(databaseURL: settings.databaseURL)
            directory = try await DataDirectory.open(
                settings.dataDirectory, database: database,
                sealingKeyFile: settings.sealingKeyFile.isEmpty ? nil : settings.sealingKeyFile,
                imageLimits: settings.imageLimits, model: model, logger: Logger(label: "face-library"))
        } catch {
            // PostgreSQL unreachable or refusing the login ends the start here (a
            // supervisor restarts it): a server that cannot reach its database
            // has nothing to serve, and the message names the database.
            logger.critical("cannot open the database", metadata: [
                "data_dir": "\(settings.dataDirectory)", "database": "\(Self.describe(settings.databaseURL))",
                "error": "\(error)",
            ])
            throw ExitCode(74)
        }
        let api = FaceAPI(services: directory.services, settings: settings.apiSettings, logger: Logger(label: "face-api"))
        let application = try APIServer.application(
            api: api, host: settings.host, port: settings.port, tls: tls, logger: logger
        ) { port in
            logger.notice("listening", metadata: [
                "host": "\(settings.host)", "port": "\(port)", "tls": "\(tls != nil)",
                "data_dir": "\(settings.dataDirectory)", "database": "\(Self.describe(settings.databaseURL))",
            ])
        }
        let drain = ShutdownDrain()
        // Requests are served while the indexes load (add and search wait for
        // their library's index); /readyz says ready once they are all built.
        let indexes = IndexReadiness(services: directory.services)
        let indexLoad = Task { await indexes.load(logger: logger) }
        let shutdownBegan = Mutex<ContinuousClock.Instant?>(nil)
        // Shut down in reverse order: the watcher (readyz turns unready), then the API
        // (stops accepting, finishes in-flight requests), then the admin listener.
        var services: [any Service] = [application, ShutdownWatcher(drain: drain) { instant in
            shutdownBegan.withLock { $0 = instant }
        }]
        if settings.adminPort != 0 {
            services.insert(adminApplication(settings, directory: directory, readiness: [drain, indexes],
                                             registry: registry, logger: logger), at: 0)
        }
        var group = ServiceGroupConfiguration(services: services, gracefulShutdownSignals: [.sigterm, .sigint],
                                              logger: logger)
        group.maximumGracefulShutdownDuration = .seconds(settings.shutdownGraceSeconds)
        var clean = true
        do {
            try await ServiceGroup(configuration: group).run()
        } catch {
            logger.error("a service failed", metadata: ["error": "\(error)"])
            clean = false
        }
        indexLoad.cancel()
        if let began = shutdownBegan.withLock({ $0 }), ContinuousClock.now - began >= .seconds(settings.shutdownGraceSeconds) {
            logger.error("requests still in flight after shutdown_grace_seconds were cut off",
                         metadata: ["shutdown_grace_seconds": "\(settings.shutdownGraceSeconds)"])
            clean = false
        }
        if directory.databaseAccess.readOnlyReason != nil {
            // Nothing was written, and a read-only file cannot be checkpointed.
            logger.notice("database read-only, not checkpointed")
        } else {
            do {
                let complete = try await directory.shutDown()
                logger.notice(directory.database == .sqlite ? "database checkpointed" : "database connections closed",
                              metadata: ["complete": "\(complete)"])
            } catch {
                logger.error(directory.database == .sqlite ? "WAL checkpoint failed; the WAL is replayed at the next start"
                                                           : "closing the database connections failed",
                             metadata: ["error": "\(error)"])
                clean = false
            }
        }
        logger.notice("stopped")
        if !clean { throw ExitCode(1) }
    }

    /// The database a `database_url` names, without its password, for logs.
    private static func describe(_ databaseURL: String) -> String {
        (try? DatabaseLocation(databaseURL: databaseURL)).map { "\($0)" } ?? "(invalid database_url)"
    }

    /// The admin listener: liveness, readiness (`readiness` plus database writable) and metrics.
    private func adminApplication(_ settings: ServerConfiguration, directory: DataDirectory,
                                  readiness: [any ReadinessCheck], registry: PrometheusCollectorRegistry,
                                  logger: Logger) -> any Service {
        let gauges = LibraryGauges(directory: directory, index: directory.services.recognition?.indexes)
        let admin = AdminAPI(readiness: readiness + [DatabaseWritable(directory)]) {
            do {
                try await gauges.refresh()
            } catch {
                logger.error("library gauges not refreshed", metadata: ["error": "\(error)"])
            }
            return registry.emitToBuffer()
        }
        return APIServer.adminApplication(admin: admin, host: settings.adminHost, port: settings.adminPort,
                                          logger: logger) { port in
            logger.notice("admin listening", metadata: ["host": "\(settings.adminHost)", "port": "\(port)"])
        }
    }
}
