import CFaceKernels

/// The newest vectors, kept as exact floats until there are enough of them to
/// encode a chunk (and, for the first chunk, to choose the centring mean).
///
/// Append-only: the writer fills row `n` and only then publishes a snapshot
/// that counts `n + 1` rows, so a reader never sees a row being written.
/// Rows below a published count never change; a bigger buffer is a new object.
final class StagingRows: @unchecked Sendable {
    static let maxCapacity = 4096

    let capacity: Int
    let dimension: Int
    let vectors: UnsafeMutablePointer<Float>
    let ids: UnsafeMutablePointer<Int64>
    let tombstones: Tombstones

    init(capacity: Int, dimension: Int) {
        self.capacity = capacity
        self.dimension = dimension
        vectors = .allocate(capacity: capacity * dimension)
        ids = .allocate(capacity: capacity)
        tombstones = Tombstones(capacity: capacity)
    }

    deinit {
        vectors.deallocate()
        ids.deallocate()
        tombstones.deallocate()
    }

    /// Writes row `row` (writer only; `row` is not yet visible to readers).
    func write(row: Int, id: Int64, vector: UnsafeBufferPointer<Float>) {
        ids[row] = id
        (vectors + row * dimension).update(from: vector.baseAddress!, count: dimension)
    }

    /// A larger buffer holding the first `rows` rows and their tombstones.
    func grown(rows: Int) -> StagingRows {
        let next = StagingRows(capacity: Swift.min(capacity * 2, Self.maxCapacity), dimension: dimension)
        next.vectors.update(from: vectors, count: rows * dimension)
        next.ids.update(from: ids, count: rows)
        next.tombstones.copy(from: tombstones, rows: rows)
        return next
    }

    func vector(row: Int) -> UnsafeBufferPointer<Float> {
        UnsafeBufferPointer(start: vectors + row * dimension, count: dimension)
    }

    var byteCount: Int { capacity * (dimension * 4 + 8) + tombstones.byteCount }
}
