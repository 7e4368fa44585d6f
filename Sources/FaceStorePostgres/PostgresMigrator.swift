import FaceStore
import Foundation
import Logging
import PostgresNIO

// Design note: the schema comes only from the numbered files of
// migrations/postgresql/. At start, one transaction takes a transaction-level
// advisory lock (so servers and facectl starting together queue here and
// each migration is applied exactly once), reads `schema_migrations`,
// refuses a database migrated by a newer release, applies what is pending
// in order and records it. DDL is transactional in PostgreSQL: a failing
// file leaves nothing behind, its bookkeeping included.

/// Applies pending PostgreSQL migrations on one connection.
struct PostgresMigrator {
    /// Key of the advisory lock that serialises migrations ("facemigr").
    static let lockKey: Int64 = 0x6661_6365_6D69_6772

    let connection: PostgresConnection
    let logger: Logger

    /// Applies the migrations not yet recorded; returns the versions applied now.
    @discardableResult
    func migrate(_ migrations: [Migration]) async throws -> [Int] {
        try await connection.query("BEGIN", logger: logger)
        do {
            try await connection.query("SELECT pg_advisory_xact_lock(\(Self.lockKey))", logger: logger)
            try await connection.query("""
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version    bigint PRIMARY KEY,
                    name       text   NOT NULL,
                    applied_at bigint NOT NULL
                )
                """, logger: logger)
            let pending = try await Migration.pending(applied: Set(appliedVersions()), known: migrations)
            for migration in pending {
                do {
                    for statement in SQLScript.statements(migration.sql) {
                        try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                    }
                } catch let error as PSQLError {
                    throw MigrationError.failed(version: migration.version, name: migration.name,
                                                underlying: StorageError.describe(error))
                }
                let now = Int64(Date().timeIntervalSince1970 * 1000)
                try await connection.query("""
                    INSERT INTO schema_migrations (version, name, applied_at) VALUES (\(migration.version), \(migration.name), \(now))
                    """, logger: logger)
            }
            try await connection.query("COMMIT", logger: logger)
            return pending.map(\.version)
        } catch {
            _ = try? await connection.query("ROLLBACK", logger: logger)
            throw error
        }
    }

    /// Versions recorded as applied, ascending.
    func appliedVersions() async throws -> [Int] {
        try await connection.rows("SELECT version FROM schema_migrations ORDER BY version", logger: logger)
            .map { try $0.decode(Int.self) }
    }
}
