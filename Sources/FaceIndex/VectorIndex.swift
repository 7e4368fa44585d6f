// VectorIndex — exact top-k inner-product search over compact codes.
//
// Storage, per row (D = 128): a 16-bit fixed-point code of x − mean split in
// two byte planes, hi (scanned) and lo (read only for candidates), the coarse
// scale Δ (f32), half-precision upper bounds of both code residuals, the id:
// 2·D + 16 = 272 B. Memory ≈ N·(272 + 12…24 id map) + 2 MB staging
// (5M rows ≈ 1.46 GB). New rows wait as exact floats in a staging buffer of
// up to 4,096 rows, then are encoded into an immutable 4,096-row chunk; the
// first chunk fixes the centring mean (face embeddings share a direction, so
// codes of the difference are ~2× finer). Coarse planes sit in huge-page
// arena blocks (PlaneArena), their rows interleaved in blocks of 16 so the
// kernels add one query group to 16 dots at once (IndexKernels.h).
//
// Search, per query q; concurrent queries are batched and share every pass:
//
//   coarse  int8 hi × int8 q over all chunks, split across threads;
//           estimate ± proven bound (‖q‖·‖x−mean−Δh‖ + query quantisation +
//           float rounding); rows whose upper bound reaches the k-th best
//           lower bound survive: ~200 of 1M for k = 100      CoarseScan
//   fine    16-bit code × float q in double; bound ‖q‖·‖residual‖ ≈ 3e-5;
//           keeps the rows that can still reach the top k: k plus a few
//           near-ties, at most k + 16, returned as a Shortlist  FineRanking
//   exact   the caller's step: it reads the shortlisted rows' stored vectors
//           and `Shortlist.ranked` scores them in double, so a reported score
//           never depends on the codes (nor on what else is stored). The
//           index never reads storage: it runs on scan threads, storage may
//           be a network round trip away.
//
// Invariants:
// - Every bound is computed from the exact inputs in double and rounded up, so
//   no row of the true top k is ever dropped from a complete shortlist: after
//   the exact rescoring, recall 1.0 against brute force, ties broken by the
//   smaller id.
// - Writers (add, remove, compact) are serialised by `writer`; each ends by
//   publishing an IndexSnapshot under `published`. A search batch takes the
//   latest snapshot when it starts, so it reflects every add and remove
//   acknowledged before the search was called, and never sees a half-written
//   row: rows a snapshot can see are immutable; removes only set atomic
//   tombstone bits, checked before a row can count towards the top k.
// - Compaction builds new chunks and swaps them in; old snapshots keep the old
//   chunks alive, so searches never wait for writers beyond a pointer copy.

import BlockingWork
import CFaceKernels
import Foundation
import Synchronization

/// An in-memory index of float vectors keyed by `Int64` ids answering
/// top-k inner-product (cosine) queries with a shortlist that holds the
/// exact top k (see `Shortlist`); safe to use from any thread.
public final class VectorIndex: Sendable {
    /// The largest `k` a search accepts.
    public static let maxK = 10_000

    /// The SIMD path the scan kernels take on this CPU, for benchmark reports.
    public static var simdPath: String {
        switch Int(fk_cpu_level()) {
        case Int(FK_AVX512_VNNI): "avx512-vnni"
        case Int(FK_AVX2): "avx2"
        default: "scalar"
        }
    }

    /// The number of components of every vector.
    public let dimension: Int
    let searchThreads: Int
    private let writer: Mutex<IndexWriter>
    let published: Mutex<IndexSnapshot>
    let batcher = SearchBatcher()
    let totals = Mutex(SearchStatistics())
    private let compactionScheduled = Atomic(false)
    /// Where compactions run: one lane for the process, CPU-heavy, so at
    /// background priority and holding a core of the shared budget.
    private static let compactionLane = Lanes(name: "FaceIndex.compaction", count: 1, priority: .background,
                                              occupying: .shared)

    /// Creates an empty index.
    ///
    /// - Parameters:
    ///   - dimension: components per vector, 1...4096 (128 for s21 embeddings).
    ///   - searchThreads: parts one search pass splits the scan into
    ///     (default: the active processor count), run on the calling thread
    ///     and the helpers idle cores lend (`HelperPool.shared`).
    public init(dimension: Int = 128, searchThreads: Int? = nil) throws(VectorIndexError) {
        guard (1...4096).contains(dimension) else { throw .unsupportedDimension(dimension) }
        self.dimension = dimension
        self.searchThreads = Swift.max(1, searchThreads ?? ProcessInfo.processInfo.activeProcessorCount)
        let initial = IndexWriter(dimension: dimension)
        published = Mutex(initial.snapshot)
        writer = Mutex(initial)
    }

    /// The number of live vectors.
    public var count: Int { writer.withLock { $0.count } }

    /// Bytes held by the index (codes, bounds, ids, staging, id map; estimated for the map).
    public var memoryBytes: Int { writer.withLock { $0.memoryBytes } }

    /// Totals of the work done by searches so far.
    public var statistics: SearchStatistics { totals.withLock { $0 } }

    /// Whether `id` is stored.
    public func contains(id: Int64) -> Bool { writer.withLock { $0.contains(id: id) } }

    /// Prepares the id map for `capacity` vectors (call before a bulk load).
    public func reserveCapacity(_ capacity: Int) {
        writer.withLock { $0.reserveCapacity(capacity) }
    }

    /// Adds one vector; it is visible to every search that starts after this returns.
    public func add(id: Int64, vector: [Float]) throws(VectorIndexError) {
        try add(ids: [id], vectors: vector)
    }

    /// Adds `ids.count` vectors stored row after row in `vectors`; all or nothing.
    ///
    /// The fast path for loading: call `reserveCapacity` first and pass a few
    /// thousand rows per call. A flat array that is not whole rows throws
    /// `dimensionMismatch` with the leftover count as `actual`.
    public func add(ids: [Int64], vectors: [Float]) throws(VectorIndexError) {
        guard vectors.count == ids.count * dimension else {
            // One vector, or a flat array that is not whole rows: a dimension problem.
            guard ids.count != 1, vectors.count % dimension == 0 else {
                throw .dimensionMismatch(expected: dimension, actual: ids.count == 1 ? vectors.count : vectors.count % dimension)
            }
            throw .countMismatch(ids: ids.count, vectors: vectors.count / dimension)
        }
        try vectors.withUnsafeBufferPointer { (rows) throws(VectorIndexError) in
            try writer.withLock { (state) throws(VectorIndexError) in
                var seen = Set<Int64>(minimumCapacity: ids.count)
                for (i, id) in ids.enumerated() {
                    try state.validate(UnsafeBufferPointer(rebasing: rows[i * dimension..<(i + 1) * dimension]))
                    guard !state.contains(id: id), seen.insert(id).inserted else { throw .duplicateID(id) }
                }
                for (i, id) in ids.enumerated() {
                    state.append(id: id, vector: UnsafeBufferPointer(rebasing: rows[i * dimension..<(i + 1) * dimension]))
                }
                publish(state)
            }
        }
    }

    /// Removes `id`; no search that starts after this returns can return it.
    /// Returns false when the id was not stored.
    @discardableResult
    public func remove(id: Int64) -> Bool {
        let (removed, wantsCompaction) = writer.withLock { state in
            let removed = state.remove(id: id)
            if removed { publish(state) }
            return (removed, state.needsCompaction)
        }
        if wantsCompaction, !compactionScheduled.exchange(true, ordering: .acquiringAndReleasing) {
            // The line never refuses (maxQueued is unbounded).
            try? Self.compactionLane.submit { [self] _ in
                compactionScheduled.store(false, ordering: .releasing)
                compact()
            }
        }
        return removed
    }

    /// Rewrites chunks with many removed rows (also runs by itself in the
    /// background after removals); searches continue meanwhile.
    public func compact() {
        writer.withLock { state in
            if state.compact() { publish(state) }
        }
    }

    private func publish(_ state: borrowing IndexWriter) {
        let snapshot = state.snapshot
        published.withLock { $0 = snapshot }
    }
}
