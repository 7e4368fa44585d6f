import FaceStore
import FaceStorePostgres
import Foundation
import Logging

/// One data directory opened for serving and for ops: the services on its
/// database and sealing key, plus the whole-database operations (backup,
/// stats, check, library transfer) that facectl and the admin listener use.
///
/// The database is SQLite inside the directory, or PostgreSQL
/// (`DatabaseLocation.postgres`); the sealing key is a file, in the directory
/// unless named elsewhere. Everything above this type works the same on both.
public struct DataDirectory: Sendable {
    /// The directory.
    public let path: String
    /// Where the database is.
    public let database: DatabaseLocation
    /// The request-path services on this directory.
    public let services: LibraryServices
    let storage: any FaceStorage & StorageMaintenance
    let sealer: SecretSealer
    let key: [UInt8]

    /// Opens the directory and its database, creating the database and key if `create` is true.
    ///
    /// - Parameters:
    ///   - database: SQLite in `path` (the default) or a PostgreSQL database.
    ///   - sealingKeyFile: the secret-sealing key; `<path>/secret-sealing.key` when nil.
    /// - Throws: `DataDirectoryError.noDatabase` when `create` is false and
    ///   the directory holds no database (a mistyped `--data-dir`);
    ///   `DataDirectoryError.noSealingKey` when `create` is false, the
    ///   database is PostgreSQL and the key file is missing;
    ///   `PostgresOpenError` when PostgreSQL cannot be reached or refuses the login.
    public static func open(_ path: String, database: DatabaseLocation = .sqlite, sealingKeyFile: String? = nil,
                            create: Bool = true, imageLimits: ImageLimits = .defaults,
                            model: RecognitionModel? = nil,
                            logger: Logger = Logger(label: "FaceLibrary")) async throws -> DataDirectory {
        let keyPath = sealingKeyFile ?? SealingKeyFile.path(in: path)
        let storage: any FaceStorage & StorageMaintenance
        switch database {
        case .sqlite:
            if !create && !FileManager.default.fileExists(atPath: SQLiteFaceStore.databasePath(in: path)) {
                throw DataDirectoryError.noDatabase(path)
            }
            storage = try SQLiteFaceStore(directory: path, logger: logger)
        case .postgres(let url):
            // A key made up here would seal secrets no other process can open.
            if !create && !FileManager.default.fileExists(atPath: keyPath) {
                throw DataDirectoryError.noSealingKey(keyPath)
            }
            storage = try await PostgresFaceStore.open(url: url, logger: logger)
        }
        let key = try SealingKeyFile.loadOrCreate(at: keyPath)
        let sealer = SecretSealer(key: key)
        return DataDirectory(
            path: path, database: database,
            services: LibraryServices(storage: storage, sealer: sealer, imageLimits: imageLimits,
                                      model: model, logger: logger),
            storage: storage, sealer: sealer, key: key)
    }

    /// Whether the database was opened for writes (a read-only one serves reads only).
    public var databaseAccess: DatabaseAccess { storage.access }

    /// Ends the database's use at a clean stop: SQLite copies its WAL into the
    /// main file (so that the directory is one self-contained file; false when
    /// a reader kept some frames back), PostgreSQL closes its connections.
    public func shutDown() async throws -> Bool {
        try await storage.shutDown()
    }
}

/// Why a data directory operation was refused.
public enum DataDirectoryError: Error, CustomStringConvertible, Equatable {
    case noDatabase(String)
    case noSealingKey(String)
    case notOnPostgres(String)
    case notEmpty(String)
    case fileExists(String)
    case corruptBackup(String, [String])
    case backupTooNew(backupVersion: Int, binaryVersion: Int)
    case wrongKey(keyFile: String, apiKey: String)

    public var description: String {
        switch self {
        case .noDatabase(let path):
            "\(path) holds no face-service.sqlite; check --data-dir"
        case .noSealingKey(let path):
            "no sealing key at \(path): give every process the deployment's key file (--sealing-key-file)"
        case .notOnPostgres(let command):
            "\(command) works on SQLite data directories; for PostgreSQL use pg_dump -Fc and pg_restore "
                + "(or pg_basebackup), and keep a copy of the sealing key file with the dump"
        case .notEmpty(let path):
            "\(path) is not empty; restore only into a new or empty data directory"
        case .fileExists(let path):
            "\(path) already exists; choose a new file name"
        case let .corruptBackup(path, problems):
            "\(path) fails SQLite's integrity check: " + problems.prefix(5).joined(separator: "; ")
        case let .backupTooNew(backupVersion, binaryVersion):
            "the backup's schema version \(backupVersion) is newer than this binary's \(binaryVersion); restore with a newer release"
        case let .wrongKey(keyFile, apiKey):
            "\(keyFile) does not open the secret of app \(apiKey): it is not the key file of this backup's data directory"
        }
    }
}
