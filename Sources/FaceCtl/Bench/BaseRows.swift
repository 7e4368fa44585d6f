import FaceIndex

/// The benchmark's exact-vector provider: ids are row numbers of the base
/// file, as the service's ids are row ids of its embedding table.
struct BaseRows: ExactVectorProvider {
    let base: VectorFile.Matrix

    func exactVectors(for ids: [Int64]) -> [[Float]?] {
        ids.map { id in (0..<Int64(base.rows)).contains(id) ? Array(base.row(Int(id))) : nil }
    }
}
