/// Where a live id is stored: a chunk slot and row, or a staging row; packed
/// in 32 bits to keep the id map small (5M ids ≈ 100 MB).
struct RowLocation: Hashable, Sendable {
    private static let rowBits: UInt32 = 12 // CodeChunk.capacity == 1 << 12
    /// The last of 2^20 slot numbers; the others address 4 billion chunk rows,
    /// far beyond what fits in memory.
    private static let stagingSlot: UInt32 = (1 << 20) - 1

    private let raw: UInt32

    init(slot: Int, row: Int) {
        raw = UInt32(slot) << Self.rowBits | UInt32(row)
    }

    init(stagingRow row: Int) {
        raw = Self.stagingSlot << Self.rowBits | UInt32(row)
    }

    /// The chunk slot, or nil for a staging row.
    var slot: Int? {
        let slot = raw >> Self.rowBits
        return slot == Self.stagingSlot ? nil : Int(slot)
    }

    var row: Int { Int(raw & (1 << Self.rowBits - 1)) }
}
