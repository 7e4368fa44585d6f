import CFaceKernels

/// Up to 4,096 encoded rows: the unit the scan walks, compaction rewrites and
/// snapshots share.
///
/// Per row: coarse codes `hi` (scanned; blocks of 16 rows, see
/// IndexKernels.h), fine codes `lo` (read for candidates), the coarse scale
/// Δ, half-precision bounds of both residuals, and the id. Immutable once built, except for the atomic tombstone bits.
final class CodeChunk: @unchecked Sendable {
    static let capacity = 4096

    let count: Int
    let paddedDimension: Int
    let hi: UnsafeMutablePointer<Int8>
    let lo: UnsafeMutablePointer<Int8>
    let hiScale: UnsafeMutablePointer<Float>
    let hiResidual: UnsafeMutablePointer<UInt16>
    let codeResidual: UnsafeMutablePointer<UInt16>
    let ids: UnsafeMutablePointer<Int64>
    let tombstones: Tombstones
    /// Where `hi` lives (huge-page blocks, see PlaneArena).
    private let arena: PlaneArena
    /// An upper bound of ‖Δ·h‖ over the rows (scales query-quantisation error);
    /// set while building, before the chunk is published.
    private(set) var largestHiNorm: Float = 0

    private init(count: Int, paddedDimension: Int, arena: PlaneArena) {
        self.count = count
        self.paddedDimension = paddedDimension
        self.arena = arena
        hi = arena.allocate().bindMemory(to: Int8.self, capacity: Self.blockedRows(count) * paddedDimension)
        lo = .allocate(capacity: count * paddedDimension)
        hiScale = .allocate(capacity: count)
        hiResidual = .allocate(capacity: count)
        codeResidual = .allocate(capacity: count)
        ids = .allocate(capacity: count)
        tombstones = Tombstones(capacity: count)
    }

    deinit {
        arena.release(UnsafeMutableRawPointer(hi))
        lo.deallocate()
        hiScale.deallocate()
        hiResidual.deallocate()
        codeResidual.deallocate()
        ids.deallocate()
        tombstones.deallocate()
    }

    /// Encodes `ids.count` rows of `dimension` floats relative to `mean`.
    convenience init(encoding vectors: UnsafePointer<Float>, ids: [Int64], dimension: Int, mean: [Float],
                     arena: PlaneArena) {
        let pd = Self.paddedDimension(dimension)
        self.init(count: ids.count, paddedDimension: pd, arena: arena)
        largestHiNorm = fk_encode_rows(vectors, ids.count, dimension, pd, mean,
                                       fk_code_rows(hi: hi, lo: lo, hi_scale: hiScale,
                                                    hi_residual: hiResidual, code_residual: codeResidual))
        self.ids.update(from: ids, count: ids.count)
    }

    /// Copies the given rows (live rows of sparse chunks) into one new chunk.
    convenience init(packing rows: ArraySlice<(chunk: CodeChunk, row: Int)>) {
        let first = rows.first!.chunk
        let pd = first.paddedDimension
        self.init(count: rows.count, paddedDimension: pd, arena: first.arena)
        largestHiNorm = rows.map(\.chunk.largestHiNorm).max()!
        hi.initialize(repeating: 0, count: Self.blockedRows(rows.count) * pd) // rows past count stay zero
        let code = UnsafeMutablePointer<Int8>.allocate(capacity: pd)
        defer { code.deallocate() }
        for (target, source) in rows.enumerated() {
            let (chunk, row) = source
            chunk.readHi(row: row, into: code)
            fk_hi_write_row(hi, pd, target, code)
            (lo + target * pd).update(from: chunk.lo + row * pd, count: pd)
            hiScale[target] = chunk.hiScale[row]
            hiResidual[target] = chunk.hiResidual[row]
            codeResidual[target] = chunk.codeResidual[row]
            ids[target] = chunk.ids[row]
        }
    }

    static func paddedDimension(_ dimension: Int) -> Int { (dimension + 15) / 16 * 16 }

    /// Rows a coarse plane of `count` rows spans: whole blocks.
    static func blockedRows(_ count: Int) -> Int { (count + Int(FK_BLOCK_ROWS) - 1) / Int(FK_BLOCK_ROWS) * Int(FK_BLOCK_ROWS) }

    /// Row `row`'s coarse codes h, gathered from the blocked plane into `code` (pd bytes).
    func readHi(row: Int, into code: UnsafeMutablePointer<Int8>) {
        fk_hi_read_row(hi, paddedDimension, row, code)
    }

    /// The arena block size for chunks of this width: one full coarse plane.
    static func planeBytes(paddedDimension: Int) -> Int { capacity * paddedDimension }

    /// Bytes per stored row: both code planes, scale, two bounds, id.
    static func bytesPerRow(paddedDimension: Int) -> Int { 2 * paddedDimension + 4 + 2 + 2 + 8 }

    /// Bytes held outside the arena (the coarse plane is counted by its arena).
    var byteCount: Int {
        count * (Self.bytesPerRow(paddedDimension: paddedDimension) - paddedDimension) + tombstones.byteCount
    }
}
