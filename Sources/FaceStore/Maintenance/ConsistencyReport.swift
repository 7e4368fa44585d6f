/// What the store found when checking itself; judged by the service layer,
/// which knows what a valid embedding size is for each model.
public struct ConsistencyReport: Sendable, Equatable {
    /// Lines of `PRAGMA integrity_check` other than "ok"; empty when the file is sound.
    public var integrityProblems: [String]
    /// Rows whose foreign key points at nothing.
    public var foreignKeyViolations: Int
    /// Libraries whose stored face_count differs from their face rows.
    public var countMismatches: [CountMismatch]
    /// Every distinct (library, models, embedding size) combination with its number of faces.
    public var embeddingShapes: [EmbeddingShape]

    /// A library whose face_count column disagrees with its rows.
    public struct CountMismatch: Sendable, Equatable {
        public var libraryID: Int64
        public var recorded: Int
        public var actual: Int
    }

    /// A group of faces of one library sharing a model version and an embedding byte size.
    public struct EmbeddingShape: Sendable, Equatable {
        public var libraryID: Int64
        public var libraryModel: String
        public var faceModel: String
        public var embeddingBytes: Int
        public var faces: Int
    }
}
