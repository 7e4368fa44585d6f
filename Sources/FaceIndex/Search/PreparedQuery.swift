import CFaceKernels

/// A query made ready for one snapshot: padded floats for fine and exact
/// scores, 8-bit codes for the coarse scan, and the constants of its bounds.
///
/// 8 bits are enough there: the coarse rows are 8-bit too, and the query's
/// own rounding (`codeError`) enters the proven bound like the rows' does;
/// it lets the scan multiply bytes by bytes (see dot_coarse.c).
struct PreparedQuery: Sendable {
    let k: Int
    /// The query, zero-padded to the code width.
    let vector: [Float]
    /// round(q / scale), |code| ≤ 127, zero-padded.
    let codes: [Int8]
    let scale: Double
    /// q·mean (0 without a mean).
    let base: Double
    let norm: Double
    /// ‖q − scale·codes‖: the query's own quantisation error.
    let codeError: Double

    init(_ query: [Float], k: Int, mean: [Float]?, paddedDimension: Int) {
        self.k = k
        var vector = query
        vector.append(contentsOf: repeatElement(0, count: paddedDimension - query.count))
        self.vector = vector
        let largest = query.reduce(0) { Swift.max($0, Double(abs($1))) }
        let scale = largest > 0 ? largest / 127 : 1
        var codes = [Int8](repeating: 0, count: paddedDimension)
        var errorSquared = 0.0, normSquared = 0.0, base = 0.0
        for j in query.indices {
            let q = Double(query[j])
            let code = (q / scale).rounded()
            codes[j] = Int8(Swift.max(-127, Swift.min(127, code)))
            errorSquared += (q - scale * Double(codes[j])) * (q - scale * Double(codes[j]))
            normSquared += q * q
            if let mean { base += q * Double(mean[j]) }
        }
        self.codes = codes
        self.scale = scale
        self.base = base
        norm = normSquared.squareRoot()
        codeError = errorSquared.squareRoot() * (1 + 1e-12)
    }

    /// Constants turning a chunk's coarse dots into estimates and bounds.
    ///
    /// True score = base + q·(Δh) + q·(δ − Δh) and q·(Δh) = scale·Δ·dot + (q − scale·codes)·(Δh), so
    /// |true − estimate| ≤ norm·‖δ − Δh‖ + codeError·‖Δh‖ + float rounding of the estimate
    /// (a few ulps of |base| + norm·‖Δh‖; 2^-18 relative is ample).
    func coarseParameters(for chunk: CodeChunk) -> fk_bound_params {
        let hiNorm = Double(chunk.largestHiNorm)
        let rounding = (abs(base) + (norm + codeError) * hiNorm) * 0x1p-18
        return fk_bound_params(factor: Float(scale), base: Float(base), qnorm: Float(norm) * (1 + 0x1p-20),
                               slack: Float(codeError * hiNorm + rounding))
    }

    /// The fine estimate of a chunk row (16-bit code, double accumulation) and its bound.
    func fineScore(chunk: CodeChunk, row: Int) -> (estimate: Double, bound: Double) {
        let pd = chunk.paddedDimension
        let dot = withUnsafeTemporaryAllocation(of: Int8.self, capacity: pd) { code in
            chunk.readHi(row: row, into: code.baseAddress!)
            return fk_dot_code16(code.baseAddress!, chunk.lo + row * pd, vector, pd)
        }
        let estimate = base + Double(chunk.hiScale[row]) / 256 * dot
        let residual = Double(fk_f16_to_f32(chunk.codeResidual[row]))
        // Double rounding is ~1e-16 relative; 2^-40 of the magnitudes covers it.
        let rounding = (abs(base) + norm * Double(chunk.largestHiNorm) * 2) * 0x1p-40
        return (estimate, norm * residual + rounding)
    }
}
