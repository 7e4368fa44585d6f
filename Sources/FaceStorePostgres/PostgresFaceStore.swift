import FaceStore
import Foundation
import Logging
import PostgresNIO

// Design note (correctness under concurrent writers, PostgreSQL's default
// READ COMMITTED): what SQLite's single writer gave for free is made
// explicit with row locks, always taken in the order app → library, so
// writers never deadlock:
// - a quota check locks the app row (`FOR NO KEY UPDATE`) and only then
//   counts, in a separate statement (a statement sees the rows committed
//   before it started, so a count inside the locking statement would use
//   the snapshot from before the lock wait); two adds or creates of one app
//   therefore take turns and `max_faces` / `max_groups` are exact;
// - every face change also updates its library row (face_count,
//   change_seq) under that row's lock, and free locks the same row before it
//   reads face_count, so `free` with check_empty never passes an add that was
//   acknowledged, and an add that waited for a free finds the library gone;
// - free leaves a tombstone (freed_at) and purges its faces right after, so
//   the live unique index lets the group_id be created again at once.
// Durability: COMMIT returns only once WAL is flushed (synchronous_commit=on
// is set for every session), so an acknowledged write survives a crash of
// the server or of PostgreSQL. A COMMIT whose answer was lost is reported as
// `commitOutcomeUnknown`; an add resolves it by looking its token up.

/// The PostgreSQL implementation of `FaceStorage` and `StorageMaintenance`.
public final class PostgresFaceStore: FaceStorage, StorageMaintenance {
    let executor: PostgresExecutor
    let exactLookups: ExactEmbeddingLookup
    /// The database, without its password.
    public let url: PostgresURL
    var logger: Logger { executor.logger }
    var timeouts: PostgresTimeouts { executor.timeouts }

    private init(url: PostgresURL, executor: PostgresExecutor, exactLookups: ExactEmbeddingLookup) {
        self.url = url
        self.executor = executor
        self.exactLookups = exactLookups
    }

    /// Connects to the database at `url`, applies pending migrations (once,
    /// however many processes start together) and opens a connection pool.
    ///
    /// - Throws: `PostgresOpenError` naming the database when it cannot be
    ///   reached or refuses the login; `MigrationError` for a database
    ///   migrated by a newer release or a failing migration.
    public static func open(url: PostgresURL, timeouts: PostgresTimeouts = .defaults,
                            migrations: [Migration] = PostgresMigrationCatalog.all,
                            applicationName: String = "face-service", maxConnections: Int = 16,
                            logger: Logger = Logger(label: "FaceStorePostgres")) async throws -> PostgresFaceStore {
        let connection = try await PostgresLogin.connect(url, timeouts: timeouts, applicationName: applicationName,
                                                         logger: logger)
        do {
            let applied = try await PostgresMigrator(connection: connection, logger: logger).migrate(migrations)
            if !applied.isEmpty {
                logger.notice("database migrated", metadata: ["database": "\(url)", "versions": "\(applied)"])
            }
        } catch {
            try? await connection.close()
            throw error
        }
        try? await connection.close()
        let executor = PostgresExecutor(url: url, timeouts: timeouts, applicationName: applicationName,
                                        maxConnections: maxConnections, logger: logger)
        let store = PostgresFaceStore(
            url: url, executor: executor,
            exactLookups: ExactEmbeddingLookup(url: url, timeouts: timeouts, applicationName: applicationName,
                                               logger: logger))
        await store.purgeFreedLibraries()
        return store
    }

    public var access: DatabaseAccess { .readWrite }

    public func appliedMigrations() async throws -> [Int] {
        try await executor.withConnection(within: timeouts.call, doing: "read schema_migrations") { [logger] connection in
            try await PostgresMigrator(connection: connection, logger: logger).appliedVersions()
        }
    }
}
