import Foundation

// Design note: the schema comes only from numbered migrations. Each start
// runs, in one IMMEDIATE transaction (so a server and a facectl starting
// together cannot both apply the same file), every migration whose version is
// not yet recorded in `schema_migrations`, in ascending order. A database
// recorded at a higher version than this binary knows is refused rather than
// used with a schema the binary does not understand.

/// Applies pending migrations to a database and records them.
struct MigrationRunner {
    let connection: SQLiteConnection

    /// Applies the migrations not yet recorded; returns the versions applied now.
    @discardableResult
    func migrate(_ migrations: [Migration]) throws -> [Int] {
        try connection.transaction {
            try connection.execute("""
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version    INTEGER PRIMARY KEY,
                    name       TEXT    NOT NULL,
                    applied_at INTEGER NOT NULL
                )
                """)
            let applied = Set(try connection.prepare("SELECT version FROM schema_migrations").rows { $0.int(0) })
            let pending = try Migration.pending(applied: applied, known: migrations)
            let record = try connection.prepare(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?1, ?2, ?3)")
            var appliedNow: [Int] = []
            for migration in pending {
                do {
                    try connection.execute(migration.sql)
                } catch {
                    throw MigrationError.failed(version: migration.version, name: migration.name, underlying: error)
                }
                try record.bind(.int(migration.version), .text(migration.name),
                                .integer(Int64(Date().timeIntervalSince1970 * 1000))).run()
                appliedNow.append(migration.version)
            }
            return appliedNow
        }
    }

    /// Checks, without writing, that every migration is applied (a read-only database).
    func requireCurrent(_ migrations: [Migration]) throws {
        let hasTable = try connection.prepare(
            "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'").firstRow { _ in true }
        let applied = Set(hasTable == true ? try appliedVersions() : [])
        let pending = try Migration.pending(applied: applied, known: migrations).map(\.version)
        if !pending.isEmpty { throw MigrationError.pendingOnReadOnly(versions: pending) }
    }

    /// Versions recorded as applied, ascending.
    func appliedVersions() throws -> [Int] {
        try connection.prepare("SELECT version FROM schema_migrations ORDER BY version").rows { $0.int(0) }
    }
}

/// Why a database could not be brought to the current schema.
public enum MigrationError: Error, CustomStringConvertible, Equatable {
    /// The database was migrated by a newer release than this binary.
    case databaseIsNewer(databaseVersion: Int, binaryVersion: Int)
    /// A migration's SQL failed; nothing of it was applied.
    case failed(version: Int, name: String, underlying: String)
    /// The database cannot be written and these migrations are not applied yet.
    case pendingOnReadOnly(versions: [Int])

    public static func failed(version: Int, name: String, underlying: any Error) -> MigrationError {
        .failed(version: version, name: name, underlying: String(describing: underlying))
    }

    public var description: String {
        switch self {
        case let .databaseIsNewer(databaseVersion, binaryVersion):
            "database schema is at version \(databaseVersion), newer than this binary's \(binaryVersion); use a newer release"
        case let .failed(version, name, underlying):
            "migration \(version) (\(name)) failed: \(underlying)"
        case .pendingOnReadOnly(let versions):
            "the database is read-only and migrations \(versions.map(String.init).joined(separator: ", ")) are pending; "
                + "make it writable for one start so that they run"
        }
    }
}
