// Upper-bound pre-check of the coarse scan: turns int32 dots into estimates
// and keeps only rows whose upper bound reaches the current top-k threshold.
// Almost every row fails, so the AVX2 path tests 8 rows per compare and
// writes survivors from the movemask.
#include "IndexKernels.h"
#include <immintrin.h>

// Both paths must round identically (no fused multiply-add in either).
#pragma STDC FP_CONTRACT OFF

// Rows [from, n) one at a time; the AVX2 path uses it for its tail.
static size_t select_range(const int32_t *dots, const float *hi_scale, const uint16_t *hi_residual,
                           size_t from, size_t n, fk_bound_params p, float threshold,
                           uint32_t *out_idx, float *out_est) {
    size_t m = 0;
    for (size_t i = from; i < n; i++) {
        float est = p.base + (p.factor * hi_scale[i]) * (float)dots[i];
        float upper = est + (p.qnorm * fk_f16_to_f32(hi_residual[i]) + p.slack);
        if (upper >= threshold) {
            out_idx[m] = (uint32_t)i;
            out_est[m] = est;
            m++;
        }
    }
    return m;
}

size_t fk_select_upper_scalar(const int32_t *dots, const float *hi_scale, const uint16_t *hi_residual,
                              size_t n, fk_bound_params p, float threshold,
                              uint32_t *out_idx, float *out_est) {
    return select_range(dots, hi_scale, hi_residual, 0, n, p, threshold, out_idx, out_est);
}

__attribute__((target("avx2,fma,f16c")))
static size_t select_avx2(const int32_t *dots, const float *hi_scale, const uint16_t *hi_residual,
                          size_t n, fk_bound_params p, float threshold,
                          uint32_t *out_idx, float *out_est) {
    const __m256 factor = _mm256_set1_ps(p.factor), base = _mm256_set1_ps(p.base);
    const __m256 qnorm = _mm256_set1_ps(p.qnorm), slack = _mm256_set1_ps(p.slack);
    const __m256 t = _mm256_set1_ps(threshold);
    size_t m = 0, i = 0;
    for (; i + 8 <= n; i += 8) {
        __m256 d = _mm256_cvtepi32_ps(_mm256_loadu_si256((const __m256i *)(dots + i)));
        __m256 f = _mm256_mul_ps(factor, _mm256_loadu_ps(hi_scale + i));
        // Same operation order as the scalar twin (no FMA contraction), so
        // both paths select identical rows.
        __m256 est = _mm256_add_ps(base, _mm256_mul_ps(f, d));
        __m256 rho = _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(hi_residual + i)));
        __m256 bound = _mm256_add_ps(_mm256_mul_ps(qnorm, rho), slack);
        int mask = _mm256_movemask_ps(_mm256_cmp_ps(_mm256_add_ps(est, bound), t, _CMP_GE_OQ));
        if (mask) {
            float e[8];
            _mm256_storeu_ps(e, est);
            while (mask) {
                int b = __builtin_ctz((unsigned)mask);
                out_idx[m] = (uint32_t)(i + b);
                out_est[m] = e[b];
                m++;
                mask &= mask - 1;
            }
        }
    }
    return m + select_range(dots, hi_scale, hi_residual, i, n, p, threshold, out_idx + m, out_est + m);
}

size_t fk_select_upper(const int32_t *dots, const float *hi_scale, const uint16_t *hi_residual,
                       size_t n, fk_bound_params p, float threshold,
                       uint32_t *out_idx, float *out_est) {
    if (fk_cpu_has_avx2()) return select_avx2(dots, hi_scale, hi_residual, n, p, threshold, out_idx, out_est);
    return fk_select_upper_scalar(dots, hi_scale, hi_residual, n, p, threshold, out_idx, out_est);
}
