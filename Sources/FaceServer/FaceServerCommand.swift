import ArgumentParser
import FaceAPI
import FaceLibrary
import FaceServerConfig
import FaceStore
import Foundation
import Hummingbird
import HummingbirdTLS
import Logging
import Prometheus
import ServiceLifecycle
import Synchronization
import UnixSignals

/// face-server: loads the configuration, opens the data directory, and serves
/// the FaceSearch API until SIGTERM or SIGINT, finishing in-flight requests.
@main
struct FaceServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "face-server",
        abstract: "Serve the FaceSearch API from a data directory.",
        usage: "face-server [--config <config>] [--<option> <value> ...]",
        discussion: "Options come from defaults, then the TOML config file, then FACE_SERVER_* environment "
            + "variables (FACE_SERVER_PORT=9000), then these flags. config/face-server.toml documents every option."
            + "\n\nSERVER OPTIONS:\n" + ServerFlags.help)

    @Option(help: "TOML config file (default: config/face-server.toml when present).")
    var config: String?
    /// `--<option> <value>` for the options of `ServerOptions`, read by `ServerFlags`.
    @Argument(parsing: .allUnrecognized, help: .hidden)
    var options: [String] = []

    func validate() throws {
        do {
            _ = try ServerFlags.parse(options)
        } catch {
            throw ValidationError(error.description)
        }
    }

    func run() async throws {
        let settings: ServerConfiguration
        let tls: TLSConfiguration?
        do {
            settings = try ConfigLoader.load(configPath: config, environment: ProcessInfo.processInfo.environment,
                                             flags: ServerFlags.parse(options))
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
                imageLimits: settings.imageLimits, model: model, sync: settings.syncOptions,
                logger: Logger(label: "face-library"))
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
        let drain = ShutdownDrain()
        // Requests are served while the indexes load (add and search wait for
        // their library's index); /readyz says ready once they are all built
        // (and on PostgreSQL, caught up with the change log).
        let upkeep = IndexUpkeep(directory: directory, nodeID: settings.nodeID, logger: logger)
        let readiness: [any ReadinessCheck] = [drain, upkeep.readiness, DatabaseWritable(directory)]
        let application = try APIServer.application(
            api: api, host: settings.host, port: settings.port, tls: tls, logger: logger
        ) { port in
            upkeep.listening(on: port, readiness: readiness)
            logger.notice("listening", metadata: [
                "host": "\(settings.host)", "port": "\(port)", "tls": "\(tls != nil)",
                "data_dir": "\(settings.dataDirectory)", "database": "\(Self.describe(settings.databaseURL))",
            ])
        }
        upkeep.start()
        let shutdownBegan = Mutex<ContinuousClock.Instant?>(nil)
        // Shut down in reverse order: the watcher (readyz turns unready), then the API
        // (stops accepting, finishes in-flight requests), then the admin listener.
        var services: [any Service] = [application, ShutdownWatcher(drain: drain) { instant in
            shutdownBegan.withLock { $0 = instant }
        }]
        if settings.adminPort != 0 {
            services.insert(adminApplication(settings, directory: directory, upkeep: upkeep, readiness: readiness,
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
        await upkeep.stop()
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

    /// The admin listener: liveness, readiness, metrics (and on PostgreSQL, the node's sync report).
    private func adminApplication(_ settings: ServerConfiguration, directory: DataDirectory, upkeep: IndexUpkeep,
                                  readiness: [any ReadinessCheck], registry: PrometheusCollectorRegistry,
                                  logger: Logger) -> any Service {
        let gauges = LibraryGauges(directory: directory, index: directory.services.recognition?.indexes)
        let admin = upkeep.adminAPI(readiness: readiness) {
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
