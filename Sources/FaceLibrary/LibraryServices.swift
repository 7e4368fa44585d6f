import FaceStore
import Logging

/// The service layer wired onto one data directory: what the server and
/// facectl both use, so they can never disagree on a rule.
public struct LibraryServices: Sendable {
    public let apps: AppRegistry
    public let libraries: LibraryRegistry
    public let faces: FaceService

    /// Wires the services onto `storage`, sealing secrets with `sealer`.
    public init(storage: any FaceStorage, sealer: SecretSealer, imageLimits: ImageLimits = .defaults,
                logger: Logger = Logger(label: "FaceLibrary")) {
        apps = AppRegistry(storage: storage, sealer: sealer)
        libraries = LibraryRegistry(storage: storage)
        faces = FaceService(storage: storage, libraries: libraries, limits: imageLimits, logger: logger)
    }

    /// Opens (creating if needed) the SQLite database and sealing key in `dataDirectory`.
    public static func open(dataDirectory: String, imageLimits: ImageLimits = .defaults,
                            logger: Logger = Logger(label: "FaceLibrary")) throws -> LibraryServices {
        let key = try SealingKeyFile.loadOrCreate(in: dataDirectory)
        let storage = try SQLiteFaceStore(directory: dataDirectory)
        return LibraryServices(storage: storage, sealer: SecretSealer(key: key), imageLimits: imageLimits,
                               logger: logger)
    }
}
