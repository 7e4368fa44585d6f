/// What the store found when checking itself; judged by the service layer,
/// which knows what a valid embedding size is for each model.
public struct ConsistencyReport: Sendable, Equatable {
    /// What the database's own integrity check found (SQLite: its integrity
    /// check of pages and indexes; PostgreSQL checks pages as it reads them,
    /// so none); empty when sound.
    public var integrityProblems: [String]
    /// Rows whose foreign key points at nothing.
    public var foreignKeyViolations: Int
    /// Libraries whose stored face_count differs from their face rows.
    public var countMismatches: [CountMismatch]
    /// Every distinct (library, models, embedding size) combination with its number of faces.
    public var embeddingShapes: [EmbeddingShape]

    /// Collects the fields.
    public init(integrityProblems: [String], foreignKeyViolations: Int, countMismatches: [CountMismatch], embeddingShapes: [EmbeddingShape]) {
        self.integrityProblems = integrityProblems
        self.foreignKeyViolations = foreignKeyViolations
        self.countMismatches = countMismatches
        self.embeddingShapes = embeddingShapes
    }

    /// A library whose face_count column disagrees with its rows.
    public struct CountMismatch: Sendable, Equatable {
        public var libraryID: Int64
        public var recorded: Int
        public var actual: Int

        /// Collects the fields.
        public init(libraryID: Int64, recorded: Int, actual: Int) {
            self.libraryID = libraryID
            self.recorded = recorded
            self.actual = actual
        }
    }

    /// A group of faces of one library sharing a model version and an embedding byte size.
    public struct EmbeddingShape: Sendable, Equatable {
        public var libraryID: Int64
        public var libraryModel: String
        public var faceModel: String
        public var embeddingBytes: Int
        public var faces: Int

        /// Collects the fields.
        public init(libraryID: Int64, libraryModel: String, faceModel: String, embeddingBytes: Int, faces: Int) {
            self.libraryID = libraryID
            self.libraryModel = libraryModel
            self.faceModel = faceModel
            self.embeddingBytes = embeddingBytes
            self.faces = faces
        }
    }
}
