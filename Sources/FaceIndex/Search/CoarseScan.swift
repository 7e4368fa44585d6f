import CFaceKernels

/// Stage 1 of a search: one pass over every chunk's top-nibble plane for a
/// batch of queries, split across worker threads by chunk ranges.
///
///     top nibbles ──(u4 × int8 dots, 4096 or 512 rows a block)──▶ dots
///     dots ──(estimate + bound ≥ threshold?)──▶ few survivors
///     survivors ──(their bottom nibbles: 8-bit estimate, tighter bound)──▶ collector
///
/// The scan is memory-bound, so reading 4 bits a component instead of 8 is
/// what makes it fast; the 8-bit rescoring of the survivors keeps the
/// collector's threshold as tight as an 8-bit scan would make it.
/// With several queries each block of rows is read from memory once for all
/// of them, which is what makes concurrent searches cheaper than serial ones.
struct CoarseScan: Sendable {
    let snapshot: IndexSnapshot
    let queries: [PreparedQuery]
    let threads: Int

    /// One collector per query holding its coarse candidates.
    func run() -> [CandidateCollector] {
        let workers = Swift.max(1, Swift.min(threads, snapshot.chunks.count))
        let parts = runInParallel(workers) { scanPart($0, of: workers) }
        var merged = parts[0]
        for part in parts.dropFirst() {
            for q in merged.indices { merged[q].merge(part[q]) }
        }
        return merged
    }

    private func scanPart(_ worker: Int, of workers: Int) -> [CandidateCollector] {
        var collectors = queries.map { CandidateCollector(k: $0.k) }
        if worker == 0 { scanStaging(into: &collectors) }
        let chunks = snapshot.chunks
        let range = chunks.count * worker / workers..<chunks.count * (worker + 1) / workers
        guard !range.isEmpty else { return collectors }
        var scratch = Scratch(queries: queries, paddedDimension: chunks[range.lowerBound].paddedDimension)
        for index in range { scan(chunk: index, into: &collectors, scratch: &scratch) }
        scratch.deallocate()
        return collectors
    }

    private func scan(chunk index: Int, into collectors: inout [CandidateCollector], scratch: inout Scratch) {
        let chunk = snapshot.chunks[index]
        let pd = chunk.paddedDimension
        let parameters = queries.map { $0.topParameters(for: chunk) }
        let width = pd / 2
        var start = 0
        while start < chunk.count {
            // Until every query has k rows its threshold is −∞ and every row
            // survives: short blocks then keep that costly phase short.
            let blockRows = collectors.contains { $0.threshold == -.infinity } ? Scratch.openingRows : scratch.blockRows
            let n = Swift.min(blockRows, chunk.count - start)
            defer { start += n }
            if queries.count == 1 {
                fk_dot_u4_i8(chunk.top + start * width, n, pd, scratch.codes, scratch.dots)
            } else {
                fk_dot_u4_i8_batch(chunk.top + start * width, n, pd, scratch.codes, queries.count, scratch.dots)
            }
            for q in queries.indices {
                let t = collectors[q].threshold
                // The kernel works in float; a slightly lower threshold keeps its
                // selection a superset of the exact test.
                let kernelThreshold = Float(t - (abs(t) + 1) * 1e-6)
                let survivors = fk_select_upper(scratch.dots + q * n, chunk.hiScale + start, chunk.topResidual + start,
                                                n, parameters[q], kernelThreshold, scratch.indices, scratch.estimates)
                var live = 0
                for s in 0..<survivors {
                    let row = start + Int(scratch.indices[s])
                    guard !chunk.tombstones.contains(row) else { continue }
                    scratch.rows[live] = UInt32(row)
                    scratch.topDots[live] = scratch.dots[q * n + Int(scratch.indices[s])]
                    live += 1
                }
                fk_dot_u4_i8_rows(chunk.bottom, pd, scratch.rows, live, scratch.codes + q * pd, scratch.bottomDots)
                for s in 0..<live {
                    let row = Int(scratch.rows[s])
                    let (estimate, bound) = queries[q].hiScore(chunk: chunk, row: row, topDot: scratch.topDots[s],
                                                               bottomDot: scratch.bottomDots[s])
                    collectors[q].offer(Candidate(chunk: Int32(index), row: Int32(row), estimate: estimate, bound: bound))
                }
            }
        }
    }

    /// Staging rows are exact floats: their scores are computed exactly.
    private func scanStaging(into collectors: inout [CandidateCollector]) {
        let n = snapshot.stagingCount
        guard n > 0 else { return }
        let staging = snapshot.staging
        var scores = [Double](repeating: 0, count: n)
        for q in queries.indices {
            fk_dot_rows_f64(staging.vectors, n, snapshot.dimension, snapshot.dimension, queries[q].vector, &scores)
            for row in 0..<n where !staging.tombstones.contains(row) {
                collectors[q].offer(Candidate(chunk: Candidate.staging, row: Int32(row), estimate: scores[row], bound: 0))
            }
        }
    }
}

/// Per-worker buffers: the batch's query codes side by side, dots, survivors
/// (block positions, then chunk rows with both of their dots).
private struct Scratch {
    /// Rows a block while some query has fewer than k rows (threshold −∞).
    static let openingRows = 128
    let blockRows: Int
    let codes: UnsafeMutablePointer<Int8>
    let dots: UnsafeMutablePointer<Int32>
    let indices: UnsafeMutablePointer<UInt32>
    let estimates: UnsafeMutablePointer<Float>
    let rows: UnsafeMutablePointer<UInt32>
    let topDots: UnsafeMutablePointer<Int32>
    let bottomDots: UnsafeMutablePointer<Int32>

    init(queries: [PreparedQuery], paddedDimension pd: Int) {
        // One query streams a whole chunk per call; a batch works on blocks
        // small enough for its rows and dots to stay in L2.
        blockRows = queries.count == 1 ? CodeChunk.capacity : 512
        codes = .allocate(capacity: queries.count * pd)
        for (q, query) in queries.enumerated() {
            (codes + q * pd).initialize(from: query.codes, count: pd)
        }
        dots = .allocate(capacity: queries.count * blockRows)
        indices = .allocate(capacity: blockRows)
        estimates = .allocate(capacity: blockRows)
        rows = .allocate(capacity: blockRows)
        topDots = .allocate(capacity: blockRows)
        bottomDots = .allocate(capacity: blockRows)
    }

    func deallocate() {
        codes.deallocate()
        dots.deallocate()
        indices.deallocate()
        estimates.deallocate()
        rows.deallocate()
        topDots.deallocate()
        bottomDots.deallocate()
    }
}
