import FaceIndex
import FaceStore

/// Gives a library's vector index the exact stored embeddings of the few
/// candidates its compact codes cannot order (see `ExactVectorProvider`).
struct StoredEmbeddings: ExactVectorProvider {
    let storage: any FaceStorage
    let libraryID: Int64

    func exactVectors(for ids: [Int64]) -> [[Float]?] {
        // On a read error the index falls back to its codes' estimates, which
        // order candidates correctly except within ~1e-4 of each other.
        guard let found = try? storage.exactEmbeddings(libraryID: libraryID, ids: ids) else {
            return ids.map { _ in nil }
        }
        return ids.map { found[$0] }
    }
}
