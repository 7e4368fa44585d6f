import FaceStorePostgres

/// Which database a data directory's services use.
public enum DatabaseLocation: Sendable, Equatable, CustomStringConvertible {
    /// `face-service.sqlite` inside the data directory (one node).
    case sqlite
    /// A PostgreSQL database shared by every process given the same URL.
    case postgres(PostgresURL)

    /// The location a `database_url` setting names; empty means SQLite.
    public init(databaseURL: String) throws {
        self = databaseURL.isEmpty ? .sqlite : .postgres(try PostgresURL(databaseURL))
    }

    /// `sqlite`, or the PostgreSQL URL without its password.
    public var description: String {
        switch self {
        case .sqlite: "sqlite"
        case .postgres(let url): "\(url)"
        }
    }
}
