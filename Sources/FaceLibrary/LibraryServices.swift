import FaceStore
import Logging

/// The service layer wired onto one data directory: what the server and
/// facectl both use, so they can never disagree on a rule.
public struct LibraryServices: Sendable {
    public let apps: AppRegistry
    public let libraries: LibraryRegistry
    public let faces: FaceService
    /// The face model and vector indexes behind add and search, when served.
    public let recognition: FaceRecognition?
    private let storage: any FaceStorage
    private let logger: Logger

    /// Wires the services onto `storage`, sealing secrets with `sealer`; with
    /// `model`, faces can be enrolled and searched (indexes built from `storage`).
    public init(storage: any FaceStorage, sealer: SecretSealer, imageLimits: ImageLimits = .defaults,
                model: RecognitionModel? = nil, logger: Logger = Logger(label: "FaceLibrary")) {
        let recognition = model.map {
            FaceRecognition(model: $0, indexes: LibraryIndexes(storage: storage, dimension: Self.embeddingDimension,
                                                               logger: logger))
        }
        self.recognition = recognition
        self.storage = storage
        self.logger = logger
        apps = AppRegistry(storage: storage, sealer: sealer)
        libraries = LibraryRegistry(storage: storage, indexes: recognition?.indexes)
        faces = FaceService(storage: storage, libraries: libraries, limits: imageLimits, recognition: recognition,
                            logger: logger)
    }

    /// Length of the embeddings the s21 model produces and the indexes hold.
    static let embeddingDimension = 128

    /// Opens (creating if needed) the SQLite database and sealing key in `dataDirectory`.
    public static func open(dataDirectory: String, imageLimits: ImageLimits = .defaults,
                            model: RecognitionModel? = nil,
                            logger: Logger = Logger(label: "FaceLibrary")) async throws -> LibraryServices {
        try await DataDirectory.open(dataDirectory, imageLimits: imageLimits, model: model,
                                     logger: logger).services
    }

    /// Builds the vector index of every library (call once at start; the
    /// server is ready when it returns). Returns the number of faces indexed.
    @discardableResult
    public func loadIndexes() async throws -> Int {
        guard let indexes = recognition?.indexes else { return 0 }
        let start = ContinuousClock.now
        var faces = 0
        for app in try await storage.apps() {
            for library in try await storage.libraries(appID: app.id) {
                _ = try await indexes.index(forLibrary: library.id, expectedFaces: library.faceCount)
                faces += library.faceCount
            }
        }
        let elapsed = (ContinuousClock.now - start).components
        let seconds = Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
        logger.notice("vector indexes loaded", metadata: ["faces": "\(faces)", "seconds": "\(seconds)"])
        return faces
    }
}
