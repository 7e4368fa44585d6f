import CFaceKernels

/// Up to 4,096 encoded rows: the unit the scan walks, compaction rewrites and
/// snapshots share.
///
/// Per row: coarse codes h as two nibble planes, `top` (scanned) and
/// `bottom` (read for the scan's survivors), fine codes `lo` (read for
/// candidates), the coarse scale Δ, half-precision bounds of the residuals,
/// and the id. Immutable once built, except for the atomic tombstone bits.
final class CodeChunk: @unchecked Sendable {
    static let capacity = 4096

    let count: Int
    let paddedDimension: Int
    let top: UnsafeMutablePointer<UInt8>
    let bottom: UnsafeMutablePointer<UInt8>
    let lo: UnsafeMutablePointer<Int8>
    let hiScale: UnsafeMutablePointer<Float>
    let hiResidual: UnsafeMutablePointer<UInt16>
    let topResidual: UnsafeMutablePointer<UInt16>
    let codeResidual: UnsafeMutablePointer<UInt16>
    let ids: UnsafeMutablePointer<Int64>
    let tombstones: Tombstones
    /// Where `top` lives (huge-page blocks, see PlaneArena).
    private let arena: PlaneArena
    /// Upper bounds of ‖Δ·h‖ and Δ·‖b − 7.5‖ over the rows (they scale
    /// query-quantisation error); set while building, before the chunk is published.
    private(set) var extent = fk_code_extent(largest_hi_norm: 0, largest_bottom_norm: 0)

    private init(count: Int, paddedDimension: Int, arena: PlaneArena) {
        self.count = count
        self.paddedDimension = paddedDimension
        self.arena = arena
        top = arena.allocate().bindMemory(to: UInt8.self, capacity: count * paddedDimension / 2)
        bottom = .allocate(capacity: count * paddedDimension / 2)
        lo = .allocate(capacity: count * paddedDimension)
        hiScale = .allocate(capacity: count)
        hiResidual = .allocate(capacity: count)
        topResidual = .allocate(capacity: count)
        codeResidual = .allocate(capacity: count)
        ids = .allocate(capacity: count)
        tombstones = Tombstones(capacity: count)
    }

    deinit {
        arena.release(UnsafeMutableRawPointer(top))
        bottom.deallocate()
        lo.deallocate()
        hiScale.deallocate()
        hiResidual.deallocate()
        topResidual.deallocate()
        codeResidual.deallocate()
        ids.deallocate()
        tombstones.deallocate()
    }

    /// Encodes `ids.count` rows of `dimension` floats relative to `mean`.
    convenience init(encoding vectors: UnsafePointer<Float>, ids: [Int64], dimension: Int, mean: [Float],
                     arena: PlaneArena) {
        let pd = Self.paddedDimension(dimension)
        self.init(count: ids.count, paddedDimension: pd, arena: arena)
        extent = fk_encode_rows(vectors, ids.count, dimension, pd, mean,
                                fk_code_rows(top: top, bottom: bottom, lo: lo, hi_scale: hiScale,
                                             hi_residual: hiResidual, top_residual: topResidual,
                                             code_residual: codeResidual))
        self.ids.update(from: ids, count: ids.count)
    }

    /// Copies the given rows (live rows of sparse chunks) into one new chunk.
    convenience init(packing rows: ArraySlice<(chunk: CodeChunk, row: Int)>) {
        let first = rows.first!.chunk
        let pd = first.paddedDimension
        self.init(count: rows.count, paddedDimension: pd, arena: first.arena)
        extent = fk_code_extent(largest_hi_norm: rows.map(\.chunk.extent.largest_hi_norm).max()!,
                                largest_bottom_norm: rows.map(\.chunk.extent.largest_bottom_norm).max()!)
        let width = pd / 2
        for (target, source) in rows.enumerated() {
            let (chunk, row) = source
            (top + target * width).update(from: chunk.top + row * width, count: width)
            (bottom + target * width).update(from: chunk.bottom + row * width, count: width)
            (lo + target * pd).update(from: chunk.lo + row * pd, count: pd)
            hiScale[target] = chunk.hiScale[row]
            hiResidual[target] = chunk.hiResidual[row]
            topResidual[target] = chunk.topResidual[row]
            codeResidual[target] = chunk.codeResidual[row]
            ids[target] = chunk.ids[row]
        }
    }

    static func paddedDimension(_ dimension: Int) -> Int { (dimension + 15) / 16 * 16 }

    /// The arena block size for chunks of this width: one full top-nibble plane.
    static func planeBytes(paddedDimension: Int) -> Int { capacity * paddedDimension / 2 }

    /// Bytes per stored row: the three code planes, scale, three bounds, id.
    static func bytesPerRow(paddedDimension: Int) -> Int { 2 * paddedDimension + 4 + 3 * 2 + 8 }

    /// Bytes held outside the arena (the top plane is counted by its arena).
    var byteCount: Int {
        count * (Self.bytesPerRow(paddedDimension: paddedDimension) - paddedDimension / 2) + tombstones.byteCount
    }

    /// Row `row`'s coarse codes h, unpacked from its nibbles into `h` (pd bytes).
    func unpackHi(row: Int, into h: UnsafeMutablePointer<Int8>) {
        let width = paddedDimension / 2
        fk_unpack_hi(top + row * width, bottom + row * width, paddedDimension, h)
    }
}
