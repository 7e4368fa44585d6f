import CFaceKernels

/// A query made ready for one snapshot: padded floats for fine and exact
/// scores, 8-bit codes for the coarse scan, and the constants of its bounds.
///
/// 8 bits are enough there: the coarse rows are 4- and 8-bit, and the query's
/// own rounding (`codeError`) enters the proven bounds like the rows' does;
/// it lets the scan multiply bytes by bytes (see dot_coarse.c).
struct PreparedQuery: Sendable {
    let k: Int
    /// The query, zero-padded to the code width.
    let vector: [Float]
    /// round(q / scale), |code| ≤ 127, zero-padded.
    let codes: [Int8]
    let scale: Double
    /// Σ codes: the top nibbles' fixed part (+8) enters their dots through it.
    let codeSum: Int
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
        codeSum = codes.reduce(0) { $0 + Int($1) }
        self.base = base
        norm = normSquared.squareRoot()
        codeError = errorSquared.squareRoot() * (1 + 1e-12)
    }

    /// Constants turning a chunk's top-nibble dots into estimates and bounds.
    ///
    /// With h = 16·(t − 8) + b and b taken as 7.5, q·(Δh) ≈ 16·scale·Δ·(dot_t − 7.53125·codeSum).
    /// That differs from the 8-bit estimate (see `hiScore`) by scale·Δ·codes·(b − 7.5),
    /// at most (norm + codeError)·Δ‖b − 7.5‖, so the 8-bit bound grows to
    /// norm·topResidual + codeError·(‖Δh‖ + Δ‖b − 7.5‖) + float rounding: a few ulps of
    /// |base|, of the estimate's size, and of the offset term (Δ ≤ ‖Δh‖/127, as max |h| = 127).
    func topParameters(for chunk: CodeChunk) -> fk_bound_params {
        let hiNorm = Double(chunk.extent.largest_hi_norm)
        let extent = hiNorm + Double(chunk.extent.largest_bottom_norm)
        let factor = 16 * scale, offset = 7.53125 * Double(codeSum)
        let rounding = (abs(base) + (norm + codeError) * extent + factor * hiNorm / 127 * abs(offset)) * 0x1p-18
        return fk_bound_params(factor: Float(factor), offset: Float(offset), base: Float(base),
                               qnorm: Float(norm) * (1 + 0x1p-20), slack: Float(codeError * extent + rounding))
    }

    /// The 8-bit estimate of a chunk row from its dots with both nibble planes, and its bound.
    ///
    /// q·(Δh) = scale·Δ·(codes·h) + (q − scale·codes)·(Δh) and codes·h = 16·(dot_t − 8·codeSum) + dot_b, so
    /// |true − estimate| ≤ norm·‖δ − Δh‖ + codeError·‖Δh‖ + double rounding (2^-40 relative is ample).
    func hiScore(chunk: CodeChunk, row: Int, topDot: Int32, bottomDot: Int32) -> (estimate: Double, bound: Double) {
        let hiDot = 16 * (Int(topDot) - 8 * codeSum) + Int(bottomDot)
        let hiNorm = Double(chunk.extent.largest_hi_norm)
        let estimate = base + scale * Double(chunk.hiScale[row]) * Double(hiDot)
        let rounding = (abs(base) + (norm + codeError) * hiNorm) * 0x1p-40
        let residual = Double(fk_f16_to_f32(chunk.hiResidual[row]))
        return (estimate, norm * residual + codeError * hiNorm + rounding)
    }

    /// The fine estimate of a chunk row (16-bit code, double accumulation) and its bound.
    func fineScore(chunk: CodeChunk, row: Int) -> (estimate: Double, bound: Double) {
        let pd = chunk.paddedDimension
        let dot = withUnsafeTemporaryAllocation(of: Int8.self, capacity: pd) { hi in
            chunk.unpackHi(row: row, into: hi.baseAddress!)
            return fk_dot_code16(hi.baseAddress!, chunk.lo + row * pd, vector, pd)
        }
        let estimate = base + Double(chunk.hiScale[row]) / 256 * dot
        let residual = Double(fk_f16_to_f32(chunk.codeResidual[row]))
        // Double rounding is ~1e-16 relative; 2^-40 of the magnitudes covers it.
        let rounding = (abs(base) + norm * Double(chunk.extent.largest_hi_norm) * 2) * 0x1p-40
        return (estimate, norm * residual + rounding)
    }
}
