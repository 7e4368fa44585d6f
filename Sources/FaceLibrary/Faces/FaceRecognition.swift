/// What enrolling and searching faces need beyond storage: the recognition
/// model that turns photos into embeddings, and the libraries' vector indexes.
public struct FaceRecognition: Sendable {
    public let model: RecognitionModel
    public let indexes: LibraryIndexes

    /// Pairs a loaded model with the indexes of its embeddings.
    public init(model: RecognitionModel, indexes: LibraryIndexes) {
        self.model = model
        self.indexes = indexes
    }
}
