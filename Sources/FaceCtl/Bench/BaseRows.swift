import FaceIndex

/// The benchmark's stored vectors: ids are row numbers of the base file, as
/// the service's ids are row ids of its embedding table. Answers a search as
/// the service does: the index's shortlist rescored from the stored vectors.
struct BaseRows: Sendable {
    let base: VectorFile.Matrix

    func exactTop(_ index: VectorIndex, query: [Float], k: Int) throws -> [Hit] {
        rescored(try index.search(query: query, k: k))
    }

    func rescored(_ shortlist: Shortlist) -> [Hit] {
        var vectors: [Int64: [Float]] = [:]
        for id in shortlist.ids where (0..<Int64(base.rows)).contains(id) { vectors[id] = Array(base.row(Int(id))) }
        return shortlist.ranked(exactVectors: vectors)
    }
}
