// Fine and exact scores for the few candidates that survive the coarse scan,
// accumulated in double so their rounding error is negligible next to the
// stored bounds (the f64 brute force in the tests is the reference).
#include "IndexKernels.h"
#include <immintrin.h>

#define AVX2 __attribute__((target("avx2,fma,f16c")))

double fk_dot_code16_scalar(const int8_t *hi, const int8_t *lo, const float *q, size_t pd) {
    double acc = 0;
    for (size_t j = 0; j < pd; j++) acc += (double)q[j] * (256.0 * hi[j] + lo[j]);
    return acc;
}

AVX2 static double reduce4(__m256d a) {
    __m128d s = _mm_add_pd(_mm256_castpd256_pd128(a), _mm256_extractf128_pd(a, 1));
    return _mm_cvtsd_f64(_mm_add_sd(s, _mm_unpackhi_pd(s, s)));
}

// 4 int8 → 4 doubles.
AVX2 static inline __m256d widen4(const int8_t *p) {
    int32_t bits;
    __builtin_memcpy(&bits, p, 4);
    return _mm256_cvtepi32_pd(_mm_cvtepi8_epi32(_mm_cvtsi32_si128(bits)));
}

AVX2 static double code16_avx2(const int8_t *hi, const int8_t *lo, const float *q, size_t pd) {
    const __m256d k256 = _mm256_set1_pd(256.0);
    __m256d a0 = _mm256_setzero_pd(), a1 = a0;
    for (size_t j = 0; j < pd; j += 8) {
        __m256d c0 = _mm256_fmadd_pd(k256, widen4(hi + j), widen4(lo + j));
        __m256d c1 = _mm256_fmadd_pd(k256, widen4(hi + j + 4), widen4(lo + j + 4));
        a0 = _mm256_fmadd_pd(_mm256_cvtps_pd(_mm_loadu_ps(q + j)), c0, a0);
        a1 = _mm256_fmadd_pd(_mm256_cvtps_pd(_mm_loadu_ps(q + j + 4)), c1, a1);
    }
    return reduce4(_mm256_add_pd(a0, a1));
}

double fk_dot_code16(const int8_t *hi, const int8_t *lo, const float *q, size_t pd) {
    return fk_cpu_has_avx2() ? code16_avx2(hi, lo, q, pd) : fk_dot_code16_scalar(hi, lo, q, pd);
}

void fk_dot_rows_f64_scalar(const float *rows, size_t n, size_t dim, size_t stride, const float *q, double *out) {
    for (size_t i = 0; i < n; i++) {
        double acc = 0;
        for (size_t j = 0; j < dim; j++) acc += (double)q[j] * rows[i * stride + j];
        out[i] = acc;
    }
}

AVX2 static void rows_f64_avx2(const float *rows, size_t n, size_t dim, size_t stride, const float *q, double *out) {
    for (size_t i = 0; i < n; i++) {
        const float *r = rows + i * stride;
        __m256d a0 = _mm256_setzero_pd(), a1 = a0;
        size_t j = 0;
        for (; j + 8 <= dim; j += 8) {
            a0 = _mm256_fmadd_pd(_mm256_cvtps_pd(_mm_loadu_ps(q + j)), _mm256_cvtps_pd(_mm_loadu_ps(r + j)), a0);
            a1 = _mm256_fmadd_pd(_mm256_cvtps_pd(_mm_loadu_ps(q + j + 4)), _mm256_cvtps_pd(_mm_loadu_ps(r + j + 4)), a1);
        }
        double acc = reduce4(_mm256_add_pd(a0, a1));
        for (; j < dim; j++) acc += (double)q[j] * r[j];
        out[i] = acc;
    }
}

void fk_dot_rows_f64(const float *rows, size_t n, size_t dim, size_t stride, const float *q, double *out) {
    if (fk_cpu_has_avx2()) rows_f64_avx2(rows, n, dim, stride, q, out);
    else fk_dot_rows_f64_scalar(rows, n, dim, stride, q, out);
}
