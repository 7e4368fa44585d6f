import CFaceKernels
import Testing

/// Each dispatched kernel against its scalar reference, on random inputs.
/// The coarse kernels run once per SIMD path the CPU has (capping the
/// dispatch); on a CPU without AVX2 both sides are the scalar path.
@Suite(.serialized) struct KernelTests {
    private var rng = SeededGenerator(seed: 7)

    /// Runs `body` with the dispatch capped at each SIMD path, then restores it.
    private func forEachPath(_ body: (Int32) -> Void) {
        defer { fk_cpu_cap_level(Int32(FK_AVX512_VNNI)) }
        for level in [Int32(FK_AVX2), Int32(FK_AVX512_VNNI)] {
            fk_cpu_cap_level(level)
            body(fk_cpu_level())
        }
    }

    private mutating func bytes(_ count: Int) -> [Int8] {
        (0..<count).map { _ in Int8.random(in: -127...127, using: &rng) }
    }

    /// A coarse plane's bytes for n rows: whole blocks of 16.
    private mutating func plane(_ n: Int, _ pd: Int) -> [Int8] {
        bytes((n + 15) / 16 * 16 * pd)
    }

    @Test mutating func coarseDotMatchesScalarExactly() {
        for (n, pd) in [(1, 16), (7, 128), (4096, 128), (33, 48), (9, 32), (15, 80), (11, 144), (70, 528)] {
            let rows = plane(n, pd), q = bytes(pd)
            var slow = [Int32](repeating: 0, count: n)
            fk_dot_i8_i8_scalar(rows, n, pd, q, &slow)
            forEachPath { level in
                var fast = [Int32](repeating: 0, count: n)
                fk_dot_i8_i8(rows, n, pd, q, &fast)
                #expect(fast == slow, "n=\(n) pd=\(pd) level=\(level)")
            }
        }
    }

    @Test mutating func batchDotMatchesScalarExactly() {
        for (n, pd, nq) in [(5, 128, 1), (512, 128, 64), (9, 32, 7), (100, 128, 6), (17, 48, 3), (24, 80, 70),
                            (130, 128, 9), (64, 528, 5)] {
            let rows = plane(n, pd), q = bytes(nq * pd)
            var slow = [Int32](repeating: 0, count: n * nq)
            fk_dot_i8_i8_batch_scalar(rows, n, pd, q, nq, &slow)
            forEachPath { level in
                var fast = [Int32](repeating: 0, count: n * nq)
                fk_dot_i8_i8_batch(rows, n, pd, q, nq, &fast)
                #expect(fast == slow, "n=\(n) pd=\(pd) nq=\(nq) level=\(level)")
            }
        }
    }

    /// ±127 everywhere: the largest pair sums (2·127·127) and dots (±127²·pd)
    /// the byte multiply-add must carry without saturating, with every sign mix.
    @Test func coarseDotsAreExactAtExtremeValues() {
        let pd = 144
        let patterns: [(Int) -> Int8] = [{ _ in 127 }, { _ in -127 }, { $0 % 2 == 0 ? 127 : -127 },
                                          { $0 % 3 == 0 ? -127 : 127 }, { $0 % 5 == 0 ? 0 : -127 }]
        let rowMajor = patterns.flatMap { p in (0..<pd).map(p) } + patterns.flatMap { p in (0..<pd).map { p($0 + 1) } }
        let n = rowMajor.count / pd
        var rows = [Int8](repeating: 0, count: (n + 15) / 16 * 16 * pd)
        for i in 0..<n { fk_hi_write_row(&rows, pd, i, Array(rowMajor[(i * pd)..<((i + 1) * pd)])) }
        for (index, p) in patterns.enumerated() {
            let q = (0..<pd).map(p)
            var slow = [Int32](repeating: 0, count: n)
            fk_dot_i8_i8_scalar(rows, n, pd, q, &slow)
            // Row `index` is the query itself: Σ q² = 127² per non-zero component.
            #expect(Int(slow[index]) == 127 * 127 * q.filter { $0 != 0 }.count)
            forEachPath { level in
                var fast = [Int32](repeating: 0, count: n), batch = [Int32](repeating: 0, count: 2 * n)
                fk_dot_i8_i8(rows, n, pd, q, &fast)
                fk_dot_i8_i8_batch(rows, n, pd, q + q, 2, &batch)
                #expect(fast == slow, "level \(level)")
                #expect(Array(batch[0..<n]) == slow && Array(batch[n...]) == slow, "level \(level)")
            }
        }
    }

    /// The blocked layout as IndexKernels.h documents it.
    @Test func coarsePlaneLayoutIsBlocked() {
        #expect(fk_hi_index(128, 17, 5) == 16 * 128 + 64 + 4 + 1)
        var plane = [Int8](repeating: 0, count: 32 * 48)
        let row = (0..<48).map { Int8($0) }
        fk_hi_write_row(&plane, 48, 20, row)
        var back = [Int8](repeating: -1, count: 48)
        fk_hi_read_row(plane, 48, 20, &back)
        #expect(back == row)
        #expect(plane[fk_hi_index(48, 20, 47)] == 47 && plane.filter { $0 != 0 }.count == 47)
    }

    @Test mutating func selectionMatchesScalarExactly() {
        let n = 1003
        let dots = (0..<n).map { _ in Int32.random(in: -200_000_000...200_000_000, using: &rng) }
        let scales = (0..<n).map { _ in Float.random(in: 1e-3...3e-3, using: &rng) }
        let residuals = (0..<n).map { _ in fk_f16_round_up(Float.random(in: 0...0.02, using: &rng)) }
        let p = fk_bound_params(factor: 1e-5, base: 0.3, qnorm: 1, slack: 1e-6)
        for threshold: Float in [-.infinity, 0.5, 2, 3.5, .infinity] {
            var fastIdx = [UInt32](repeating: 0, count: n), slowIdx = fastIdx
            var fastEst = [Float](repeating: 0, count: n), slowEst = fastEst
            let f = fk_select_upper(dots, scales, residuals, n, p, threshold, &fastIdx, &fastEst)
            let s = fk_select_upper_scalar(dots, scales, residuals, n, p, threshold, &slowIdx, &slowEst)
            #expect(f == s)
            #expect(fastIdx.prefix(f) == slowIdx.prefix(s))
            #expect(fastEst.prefix(f) == slowEst.prefix(s))
        }
    }

    @Test mutating func fineAndExactDotsMatchScalarWithinRounding() {
        let pd = 128
        let hi = bytes(pd), lo = bytes(pd)
        let q = (0..<pd).map { _ in Float.random(in: -1...1, using: &rng) }
        let fast = fk_dot_code16(hi, lo, q, pd), slow = fk_dot_code16_scalar(hi, lo, q, pd)
        #expect(abs(fast - slow) <= 1e-12 * 32768 * 128)

        let (n, dim, stride) = (5, 131, 140)
        let rows = (0..<n * stride).map { _ in Float.random(in: -1...1, using: &rng) }
        let query = (0..<dim).map { _ in Float.random(in: -1...1, using: &rng) }
        var a = [Double](repeating: 0, count: n), b = a
        fk_dot_rows_f64(rows, n, dim, stride, query, &a)
        fk_dot_rows_f64_scalar(rows, n, dim, stride, query, &b)
        for i in 0..<n { #expect(abs(a[i] - b[i]) <= 1e-12) }
    }

    @Test mutating func halfRoundsUpAndConvertsBack() {
        for _ in 0..<10_000 {
            let x = Float.random(in: 0...70_000, using: &rng) * (Bool.random(using: &rng) ? 1 : 1e-6)
            let h = fk_f16_round_up(x)
            let back = fk_f16_to_f32(h)
            #expect(back >= x)
            #expect(back == Float(Float16(bitPattern: h)))
            if back.isFinite, h > 0 { #expect(fk_f16_to_f32(h - 1) < x) } // smallest half not below x
        }
        #expect(fk_f16_to_f32(fk_f16_round_up(70_000)) == .infinity)
        #expect(fk_f16_round_up(0) == 0)
    }

    /// The encoder's stored bounds must hold for the codes it wrote.
    @Test mutating func encodedResidualsAreBoundedByStoredBounds() {
        let (n, dim, pd) = (50, 120, 128)
        let mean = (0..<dim).map { _ in Float.random(in: -0.1...0.1, using: &rng) }
        var x = (0..<n * dim).map { _ in Float.random(in: -0.3...0.3, using: &rng) }
        x.replaceSubrange(0..<dim, with: mean) // a row equal to the mean: all-zero codes
        // The output struct holds pointers, so the buffers must outlive the call.
        let blockedRows = (n + 15) / 16 * 16
        let out = fk_code_rows(hi: .allocate(capacity: blockedRows * pd), lo: .allocate(capacity: n * pd),
                               hi_scale: .allocate(capacity: n), hi_residual: .allocate(capacity: n),
                               code_residual: .allocate(capacity: n))
        defer {
            out.hi.deallocate()
            out.lo.deallocate()
            out.hi_scale.deallocate()
            out.hi_residual.deallocate()
            out.code_residual.deallocate()
        }
        out.hi.initialize(repeating: 9, count: blockedRows * pd) // padding must be overwritten with zeros
        let largest = fk_encode_rows(x, n, dim, pd, mean, out)
        var hi = [Int8](repeating: 0, count: blockedRows * pd) // row-major, the block's spare rows included
        for i in 0..<blockedRows { fk_hi_read_row(out.hi, pd, i, &hi[i * pd]) }
        #expect(hi[(n * pd)...].allSatisfy { $0 == 0 })
        let lo = Array(UnsafeBufferPointer(start: out.lo, count: n * pd))
        let scale = Array(UnsafeBufferPointer(start: out.hi_scale, count: n))
        let hiRes = Array(UnsafeBufferPointer(start: out.hi_residual, count: n))
        let codeRes = Array(UnsafeBufferPointer(start: out.code_residual, count: n))
        var largestSeen = 0.0
        for i in 0..<n {
            var hiErr = 0.0, codeErr = 0.0, hiNorm = 0.0
            for j in 0..<dim {
                let d = Double(x[i * dim + j]) - Double(mean[j])
                let h = Double(hi[i * pd + j]), l = Double(lo[i * pd + j])
                #expect(abs(h) <= 127)
                let delta = Double(scale[i])
                hiErr += (d - delta * h) * (d - delta * h)
                codeErr += (d - delta / 256 * (256 * h + l)) * (d - delta / 256 * (256 * h + l))
                hiNorm += delta * h * delta * h
            }
            #expect(hiErr.squareRoot() <= Double(fk_f16_to_f32(hiRes[i])))
            #expect(codeErr.squareRoot() <= Double(fk_f16_to_f32(codeRes[i])))
            // The fine code is ~256× finer than the coarse one.
            #expect(codeErr.squareRoot() * 64 < hiErr.squareRoot() || hiErr == 0)
            #expect(hi[(i * pd + dim)..<((i + 1) * pd)].allSatisfy { $0 == 0 })
            largestSeen = max(largestSeen, hiNorm.squareRoot())
        }
        #expect(largestSeen <= Double(largest))
        #expect(hi[0..<dim].allSatisfy { $0 == 0 } && lo[0..<dim].allSatisfy { $0 == 0 })
    }
}
