import Foundation

/// Where a PostgreSQL database is and how to log in, parsed from
/// `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=disable|prefer|require]`.
///
/// User and password may be percent-encoded (a `@` or `:` in a password is
/// written `%40`, `%3A`). The password never appears in `description`.
public struct PostgresURL: Sendable, Equatable, CustomStringConvertible {
    public let user: String
    public let password: String?
    public let host: String
    public let port: Int
    public let database: String
    public let tls: TLSMode

    /// Whether the connection is encrypted (`sslmode`).
    public enum TLSMode: String, Sendable, Equatable {
        /// Plain TCP (a loopback or private network).
        case disable
        /// TLS when the server offers it.
        case prefer
        /// TLS or no connection.
        case require
    }

    /// Parses `text`; throws a message saying what is wrong (never echoing the password).
    public init(_ text: String) throws {
        guard let components = URLComponents(string: text),
              components.scheme == "postgres" || components.scheme == "postgresql" else {
            throw PostgresURLError("must look like postgres://USER[:PASSWORD]@HOST:PORT/DATABASE")
        }
        guard let user = components.percentEncodedUser.flatMap({ $0.removingPercentEncoding }), !user.isEmpty else {
            throw PostgresURLError("names no user (postgres://USER@HOST/DATABASE)")
        }
        guard let host = components.host, !host.isEmpty else { throw PostgresURLError("names no host") }
        let database = String(components.path.drop { $0 == "/" })
        guard !database.isEmpty, !database.contains("/") else {
            throw PostgresURLError("names no database (postgres://USER@HOST:PORT/DATABASE)")
        }
        let port = components.port ?? 5432
        guard (1...65535).contains(port) else { throw PostgresURLError("has port \(port), not 1 to 65535") }
        var tls = TLSMode.disable
        for item in components.queryItems ?? [] {
            guard item.name == "sslmode", let mode = item.value.flatMap(TLSMode.init(rawValue:)) else {
                throw PostgresURLError("has an unknown parameter \(item.name); only sslmode=disable|prefer|require")
            }
            tls = mode
        }
        self.user = user
        self.password = components.percentEncodedPassword.flatMap { $0.removingPercentEncoding }
        self.host = host
        self.port = port
        self.database = database.removingPercentEncoding ?? database
        self.tls = tls
    }

    /// The URL without its password, for messages and logs.
    public var description: String { "postgres://\(user)@\(host):\(port)/\(database)" }
}

/// A database URL that cannot be used.
public struct PostgresURLError: Error, CustomStringConvertible, Equatable {
    public let problem: String

    init(_ problem: String) {
        self.problem = problem
    }

    public var description: String { "the database URL \(problem)" }
}
