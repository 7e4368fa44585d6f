import FaceStore
import Logging

/// The service layer wired onto one data directory: what the server and
/// facectl both use, so they can never disagree on a rule.
public struct LibraryServices: Sendable {
    public let apps: AppRegistry
    public let libraries: LibraryRegistry
    public let faces: FaceService
    /// Bounds how many face-pipeline runs execute at once (add and search run their pipeline inside it).
    public let inference: InferenceLimiter

    /// Wires the services onto `storage`, sealing secrets with `sealer`;
    /// `inferenceConcurrency` 0 allows one pipeline run per CPU core.
    public init(storage: any FaceStorage, sealer: SecretSealer, imageLimits: ImageLimits = .defaults,
                inferenceConcurrency: Int = 0, logger: Logger = Logger(label: "FaceLibrary")) {
        inference = InferenceLimiter(maxConcurrent: inferenceConcurrency)
        apps = AppRegistry(storage: storage, sealer: sealer)
        libraries = LibraryRegistry(storage: storage)
        faces = FaceService(storage: storage, libraries: libraries, limits: imageLimits, logger: logger)
    }

    /// Opens (creating if needed) the SQLite database and sealing key in `dataDirectory`.
    public static func open(dataDirectory: String, imageLimits: ImageLimits = .defaults,
                            logger: Logger = Logger(label: "FaceLibrary")) throws -> LibraryServices {
        try DataDirectory.open(dataDirectory, imageLimits: imageLimits, logger: logger).services
    }
}
