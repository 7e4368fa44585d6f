import CFaceKernels

/// Deleted-row bits of one chunk or staging buffer, written by the index's
/// single writer and read by concurrent searches (C11 atomics: release/acquire).
///
/// A plain pointer wrapper: its owner allocates it once and frees it in `deinit`.
struct Tombstones: @unchecked Sendable {
    private let words: UnsafeMutablePointer<UInt64>
    let wordCount: Int

    init(capacity: Int) {
        wordCount = (capacity + 63) / 64
        words = .allocate(capacity: Swift.max(wordCount, 1))
        words.initialize(repeating: 0, count: Swift.max(wordCount, 1))
    }

    func set(_ row: Int) { fk_bit_set(words, row) }

    func contains(_ row: Int) -> Bool { fk_bit_test(words, row) != 0 }

    /// Copies the first `rows` bits of `other` (writer only, before publication).
    func copy(from other: Tombstones, rows: Int) {
        for row in 0..<rows where other.contains(row) { set(row) }
    }

    func deallocate() { words.deallocate() }

    var byteCount: Int { Swift.max(wordCount, 1) * 8 }
}
