import FaceIndex

extension LibraryIndexes: IndexStatusProvider {
    /// Vectors and bytes of every index loaded so far (the gauges' live figures).
    public func indexFigures() async -> [Int64: IndexFigures] {
        if let replicas { return replicas.figures() }
        return loadedIndexes().mapValues { IndexFigures(vectors: $0.count, bytes: $0.memoryBytes) }
    }
}
