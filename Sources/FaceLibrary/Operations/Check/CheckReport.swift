/// What `facectl check` found: every problem, and what was checked.
public struct CheckReport: Sendable, Equatable {
    public let problems: [CheckProblem]
    public let apps: Int
    public let libraries: Int
    public let faces: Int
    /// True when a server's index counts were compared with the database.
    public let indexesCompared: Bool
    /// Nodes whose index has not applied a library's latest change yet (not
    /// a problem by itself: writes may be under way; check again).
    public let lagging: [String]

    init(problems: [CheckProblem], apps: Int, libraries: Int, faces: Int, indexesCompared: Bool, lagging: [String] = []) {
        self.problems = problems
        self.apps = apps
        self.libraries = libraries
        self.faces = faces
        self.indexesCompared = indexesCompared
        self.lagging = lagging
    }

    /// True when no check found a problem.
    public var isHealthy: Bool { problems.isEmpty }
}

/// One inconsistency, named by the check that found it.
public struct CheckProblem: Sendable, Equatable {
    public let check: Kind
    public let message: String

    /// The checks `facectl check` runs.
    public enum Kind: String, Sendable, CaseIterable {
        /// SQLite's `PRAGMA integrity_check` (pages, indexes, constraints).
        case integrity
        /// Rows pointing at a missing app or library.
        case foreignKeys = "foreign_keys"
        /// A library's face_count against its face rows.
        case faceCount = "face_count"
        /// A face's model against its library's, and the model against this release.
        case modelVersion = "model_version"
        /// Embedding BLOB sizes against the model's dimension.
        case embeddingSize = "embedding_size"
        /// Embedding values: finite and of unit length (`EmbeddingRule`).
        case embeddingValues = "embedding_values"
        /// Every app's sealed secret against the data directory's key file.
        case secrets
        /// A running server's index vectors against the database's faces.
        case index
    }
}
