/// Compaction: rewrites chunks with many tombstones so deleted rows stop
/// costing scan time and memory. Snapshots taken before keep the old chunks
/// alive until their searches end; searches never wait for it.
extension IndexWriter {
    /// A chunk is rewritten once a quarter of its rows are deleted.
    private static let sparseFraction = 4

    /// True when deleted rows make up an eighth of the chunk rows (and at least a chunk's worth).
    var needsCompaction: Bool {
        deletedInChunks >= Swift.max(CodeChunk.capacity, rowsInChunks / 8)
    }

    /// Packs the live rows of sparse chunks into new full chunks. Returns
    /// whether anything changed.
    mutating func compact() -> Bool {
        let sparse = slots.indices.filter { slot in
            guard let chunk = slots[slot], deletedInSlot[slot] > 0 else { return false }
            return deletedInSlot[slot] * Self.sparseFraction >= chunk.count
        }
        guard !sparse.isEmpty else { return false }
        var live: [(chunk: CodeChunk, row: Int)] = []
        for slot in sparse {
            let chunk = slots[slot]!
            for row in 0..<chunk.count where !chunk.tombstones.contains(row) {
                live.append((chunk, row))
            }
            rowsInChunks -= chunk.count
            deletedInChunks -= deletedInSlot[slot]
            slots[slot] = nil
        }
        let packed = stride(from: 0, to: live.count, by: CodeChunk.capacity).map {
            CodeChunk(packing: live[$0..<Swift.min($0 + CodeChunk.capacity, live.count)])
        }
        insert(packed)
        return true
    }
}
