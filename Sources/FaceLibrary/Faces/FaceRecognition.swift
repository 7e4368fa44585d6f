/// What enrolling and searching faces need beyond storage: the recognition
/// model that turns photos into embeddings, and the libraries' vector indexes.
public struct FaceRecognition: Sendable {
    public let model: any FaceModel
    public let indexes: LibraryIndexes

    /// Pairs a loaded model with the indexes of its embeddings.
    public init(model: any FaceModel, indexes: LibraryIndexes) {
        self.model = model
        self.indexes = indexes
    }
}
