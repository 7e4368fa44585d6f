import FaceStore
import Logging
import NIOCore
import PostgresNIO

/// Opens single connections outside the pool: at start (so that a wrong
/// password or database name is reported as such, not as a pool that never
/// gets a connection) and for the vector index's exact lookups.
enum PostgresLogin {
    /// A connection to `url` with the store's session settings, or a `PostgresOpenError`.
    /// The whole login (TCP, TLS, authentication) is bounded by twice the
    /// connect timeout: a server that accepts but never answers cannot hang a start.
    static func connect(_ url: PostgresURL, timeouts: PostgresTimeouts, applicationName: String,
                        logger: Logger) async throws -> PostgresConnection {
        let opening = connectFuture(url, timeouts: timeouts, applicationName: applicationName, logger: logger)
        let limit = TimeAmount.milliseconds(2 * timeouts.connect.milliseconds)
        let deadline = opening.eventLoop.scheduleTask(in: limit) {}
        deadline.futureResult.whenSuccess { _ in
            // Too late: close what may still arrive, and answer now.
            opening.whenSuccess(closeNow)
        }
        let bounded = opening.eventLoop.makePromise(of: PostgresConnection.self)
        opening.cascade(to: bounded)
        deadline.futureResult.whenSuccess { _ in
            bounded.fail(PostgresOpenError(url: url, problem: "no answer within \(timeouts.connect * 2)"))
        }
        do {
            let connection = try await bounded.futureResult.get()
            deadline.cancel()
            return connection
        } catch let error as PostgresOpenError {
            throw error
        } catch {
            throw PostgresOpenError(url: url, error)
        }
    }

    /// The same, as a future completed on postgres-nio's event loop (for callers on blocking threads).
    static func connectFuture(_ url: PostgresURL, timeouts: PostgresTimeouts, applicationName: String,
                              logger: Logger) -> EventLoopFuture<PostgresConnection> {
        let eventLoop = PostgresConnection.defaultEventLoopGroup.any()
        var configuration: PostgresConnection.Configuration
        do {
            configuration = PostgresConnection.Configuration(
                host: url.host, port: url.port, username: url.user, password: url.password, database: url.database,
                tls: try tls(url.tls))
        } catch {
            return eventLoop.makeFailedFuture(error)
        }
        configuration.options.connectTimeout = .milliseconds(timeouts.connect.milliseconds)
        configuration.options.additionalStartupParameters = PostgresExecutor.startupParameters(timeouts, applicationName)
        return PostgresConnection.connect(on: eventLoop, configuration: configuration, id: nextID(), logger: logger)
    }

    /// Why a new connection to `url` fails now, or nil when it succeeds (and is closed again).
    static func problem(_ url: PostgresURL, timeouts: PostgresTimeouts) async -> String? {
        var quick = timeouts
        quick.connect = .milliseconds(400)
        do {
            let connection = try await connect(url, timeouts: quick, applicationName: "face-service probe",
                                               logger: Logger(label: "FaceStorePostgres.probe"))
            try? await connection.close()
            return nil
        } catch let error as PostgresOpenError {
            return error.problem
        } catch {
            return "\(error)"
        }
    }

    private static func tls(_ mode: PostgresURL.TLSMode) throws -> PostgresConnection.Configuration.TLS {
        switch mode {
        case .disable: .disable
        case .prefer: .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
        case .require: .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
        }
    }

    private static func nextID() -> Int { Int.random(in: 1 ... .max) }
}

/// Why the store could not open the database; every message names it.
public struct PostgresOpenError: Error, CustomStringConvertible {
    public let url: PostgresURL
    /// What went wrong, in words.
    public let problem: String

    init(url: PostgresURL, problem: String) {
        self.url = url
        self.problem = problem
    }

    init(url: PostgresURL, _ error: any Error) {
        self.url = url
        guard let error = error as? PSQLError else {
            problem = "cannot connect: \(error)"
            return
        }
        let state = error.serverInfo?[.sqlState]
        let message = error.serverInfo?[.message] ?? ""
        switch state {
        case "28P01":
            problem = "the password of user \(url.user) was refused"
        case "28000":
            problem = "user \(url.user) may not log in: \(message)"
        case "3D000":
            problem = "database \(url.database) does not exist"
        case .some:
            problem = StorageError.describe(error)
        case nil:
            problem = "cannot reach the server: \(error.underlying.map { "\($0)" } ?? "\(error.code)")"
        }
    }

    public var description: String { "PostgreSQL \(url): \(problem)" }
}
