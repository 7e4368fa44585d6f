import FaceIndex
import Synchronization

/// Brute force in double: the oracle the index must agree with. Also holds
/// the stored vectors a shortlist is rescored from, as the service's
/// embedding table does.
final class ReferenceIndex: Sendable {
    private let vectors = Mutex<[Int64: [Float]]>([:])

    func add(id: Int64, vector: [Float]) { vectors.withLock { $0[id] = vector } }

    func remove(id: Int64) { vectors.withLock { _ = $0.removeValue(forKey: id) } }

    /// The index's answer rescored from the stored vectors, as the service does.
    func ranked(_ shortlist: Shortlist) -> [Hit] {
        let found = vectors.withLock { stored in shortlist.ids.compactMap { id in stored[id].map { (id, $0) } } }
        return shortlist.ranked(exactVectors: Dictionary(uniqueKeysWithValues: found))
    }

    var ids: [Int64] { vectors.withLock { Array($0.keys) } }

    func vector(_ id: Int64) -> [Float]? { vectors.withLock { $0[id] } }

    static func score(_ a: [Float], _ b: [Float]) -> Double {
        zip(a, b).reduce(0) { $0 + Double($1.0) * Double($1.1) }
    }

    /// Every stored id's exact score against `query`.
    func scores(_ query: [Float]) -> [Int64: Double] {
        vectors.withLock { $0.mapValues { Self.score(query, $0) } }
    }

    /// The exact top k: score descending, ties by id.
    func top(_ query: [Float], k: Int) -> [(id: Int64, score: Double)] {
        scores(query).map { (id: $0.key, score: $0.value) }
            .sorted { $0.score != $1.score ? $0.score > $1.score : $0.id < $1.id }
            .prefix(k).map { $0 }
    }
}
