import FaceStore
import Foundation
import Logging

/// One data directory opened for serving and for ops: the services on its
/// database and sealing key, plus the whole-database operations (backup,
/// stats, check, library transfer) that facectl and the admin listener use.
public struct DataDirectory: Sendable {
    /// The directory.
    public let path: String
    /// The request-path services on this directory.
    public let services: LibraryServices
    let storage: any FaceStorage & StorageMaintenance
    let sealer: SecretSealer
    let key: [UInt8]

    /// Opens the directory, creating the database and key if `create` is true.
    ///
    /// - Throws: `DataDirectoryError.noDatabase` when `create` is false and
    ///   the directory holds no database (a mistyped `--data-dir`).
    public static func open(_ path: String, create: Bool = true, imageLimits: ImageLimits = .defaults,
                            model: (any FaceModel)? = nil,
                            logger: Logger = Logger(label: "FaceLibrary")) throws -> DataDirectory {
        if !create && !FileManager.default.fileExists(atPath: SQLiteFaceStore.databasePath(in: path)) {
            throw DataDirectoryError.noDatabase(path)
        }
        let key = try SealingKeyFile.loadOrCreate(in: path)
        let storage = try SQLiteFaceStore(directory: path, logger: logger)
        let sealer = SecretSealer(key: key)
        return DataDirectory(
            path: path,
            services: LibraryServices(storage: storage, sealer: sealer, imageLimits: imageLimits,
                                      model: model, logger: logger),
            storage: storage, sealer: sealer, key: key)
    }

    /// Whether the database was opened for writes (a read-only one serves reads only).
    public var databaseAccess: DatabaseAccess { storage.access }

    /// Copies committed WAL frames into the database file and empties the WAL
    /// (at shutdown, so that the directory is one self-contained file); false
    /// when a reader kept some frames back.
    public func checkpoint() async throws -> Bool {
        try await storage.checkpoint()
    }
}

/// Why a data directory operation was refused.
public enum DataDirectoryError: Error, CustomStringConvertible, Equatable {
    case noDatabase(String)
    case notEmpty(String)
    case fileExists(String)
    case corruptBackup(String, [String])
    case backupTooNew(backupVersion: Int, binaryVersion: Int)
    case wrongKey(keyFile: String, apiKey: String)

    public var description: String {
        switch self {
        case .noDatabase(let path):
            "\(path) holds no face-service.sqlite; check --data-dir"
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
