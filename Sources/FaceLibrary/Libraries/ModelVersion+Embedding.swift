extension ModelVersion {
    /// Components of one embedding, per supported model.
    public static let embeddingDimensions: [String: Int] = [current: 128]

    /// Components of one embedding of `model`; nil for a model this build does not know.
    public static func embeddingDimension(of model: String) -> Int? {
        embeddingDimensions[model]
    }
}
