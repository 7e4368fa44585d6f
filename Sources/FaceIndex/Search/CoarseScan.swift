import CFaceKernels

/// Stage 1 of a search: one pass over every chunk's coarse plane for a batch
/// of queries, split across worker threads by chunk ranges.
///
///     chunk rows ──(int8 × int8 dots, 4096 or 512 rows a block)──▶ dots
///     dots ──(estimate + bound ≥ threshold?)──▶ few survivors ──▶ collector
///
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
        let parameters = queries.map { $0.coarseParameters(for: chunk) }
        for start in stride(from: 0, to: chunk.count, by: scratch.blockRows) {
            let n = Swift.min(scratch.blockRows, chunk.count - start)
            if queries.count == 1 {
                fk_dot_i8_i8(chunk.hi + start * pd, n, pd, scratch.codes, scratch.dots)
            } else {
                fk_dot_i8_i8_batch(chunk.hi + start * pd, n, pd, scratch.codes, queries.count, scratch.dots)
            }
            for q in queries.indices {
                let p = parameters[q]
                let t = collectors[q].threshold
                // The kernel works in float; a slightly lower threshold keeps its
                // selection a superset of the exact test below.
                let kernelThreshold = Float(t - (abs(t) + 1) * 1e-6)
                let survivors = fk_select_upper(scratch.dots + q * n, chunk.hiScale + start, chunk.hiResidual + start,
                                                n, p, kernelThreshold, scratch.indices, scratch.estimates)
                for s in 0..<survivors {
                    let row = start + Int(scratch.indices[s])
                    guard !chunk.tombstones.contains(row) else { continue }
                    let residual = Double(fk_f16_to_f32(chunk.hiResidual[row]))
                    collectors[q].offer(Candidate(chunk: Int32(index), row: Int32(row),
                                                  estimate: Double(scratch.estimates[s]),
                                                  bound: Double(p.qnorm) * residual + Double(p.slack)))
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

/// Per-worker buffers: the batch's query codes side by side, dots, survivors.
private struct Scratch {
    let blockRows: Int
    let codes: UnsafeMutablePointer<Int8>
    let dots: UnsafeMutablePointer<Int32>
    let indices: UnsafeMutablePointer<UInt32>
    let estimates: UnsafeMutablePointer<Float>

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
    }

    func deallocate() {
        codes.deallocate()
        dots.deallocate()
        indices.deallocate()
        estimates.deallocate()
    }
}
