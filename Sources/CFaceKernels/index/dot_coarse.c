// Coarse scan: int8 code rows × int16 query codes, exact int32 dots.
// AVX2 path: sign-extend 16 bytes to int16 (vpmovsxbw), vpmaddwd with the
// query, accumulate int32; eight rows per step share one horizontal
// reduction. The batch kernel reads each row from memory once for all its
// queries (compute-bound instead of bandwidth-bound).
#include "IndexKernels.h"
#include <immintrin.h>

void fk_dot_i8_i16_scalar(const int8_t *rows, size_t n, size_t pd, const int16_t *q, int32_t *out) {
    for (size_t i = 0; i < n; i++) {
        int32_t acc = 0;
        for (size_t j = 0; j < pd; j++) acc += (int32_t)rows[i * pd + j] * q[j];
        out[i] = acc;
    }
}

void fk_dot_i8_i16_batch_scalar(const int8_t *rows, size_t n, size_t pd,
                                const int16_t *qs, size_t nq, int32_t *out) {
    for (size_t k = 0; k < nq; k++) fk_dot_i8_i16_scalar(rows, n, pd, qs + k * pd, out + k * n);
}

#define AVX2 __attribute__((target("avx2,fma,f16c")))

AVX2 static inline __m256i widen(const int8_t *p) {
    return _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)p));
}

AVX2 static inline __m256i mul16(const int8_t *row, const int16_t *q) {
    return _mm256_madd_epi16(widen(row), _mm256_loadu_si256((const __m256i *)q));
}

// The sums of eight int32x8 accumulators, as one int32x8 (a0 … a7).
AVX2 static inline __m256i reduce8(const __m256i a[8]) {
    __m256i t0 = _mm256_hadd_epi32(a[0], a[1]), t1 = _mm256_hadd_epi32(a[2], a[3]);
    __m256i t2 = _mm256_hadd_epi32(a[4], a[5]), t3 = _mm256_hadd_epi32(a[6], a[7]);
    __m256i u0 = _mm256_hadd_epi32(t0, t1), u1 = _mm256_hadd_epi32(t2, t3);
    return _mm256_add_epi32(_mm256_permute2x128_si256(u0, u1, 0x20), _mm256_permute2x128_si256(u0, u1, 0x31));
}

AVX2 static int32_t reduce1(__m256i a) {
    __m128i s = _mm_add_epi32(_mm256_castsi256_si128(a), _mm256_extracti128_si256(a, 1));
    s = _mm_hadd_epi32(s, s);
    s = _mm_hadd_epi32(s, s);
    return _mm_cvtsi128_si32(s);
}

// Rows one at a time: the tails of both kernels.
AVX2 static void dot_rows(const int8_t *rows, size_t from, size_t n, size_t pd, const int16_t *q, int32_t *out) {
    for (size_t i = from; i < n; i++) {
        __m256i a = _mm256_setzero_si256();
        for (size_t j = 0; j < pd; j += 16) a = _mm256_add_epi32(a, mul16(rows + i * pd + j, q + j));
        out[i] = reduce1(a);
    }
}

// Eight rows per step, one store of eight dots.
AVX2 static void dot_avx2(const int8_t *rows, size_t n, size_t pd, const int16_t *q, int32_t *out) {
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        const int8_t *r = rows + i * pd;
        __m256i a[8];
        for (int k = 0; k < 8; k++) a[k] = _mm256_setzero_si256();
        for (size_t j = 0; j < pd; j += 16) {
            __m256i qv = _mm256_loadu_si256((const __m256i *)(q + j));
            for (int k = 0; k < 8; k++) a[k] = _mm256_add_epi32(a[k], _mm256_madd_epi16(widen(r + k * pd + j), qv));
        }
        _mm256_storeu_si256((__m256i *)(out + i), reduce8(a));
    }
    dot_rows(rows, i, n, pd, q, out);
}

// Eight rows are widened to int16 once, then every query runs over them:
// per (row, query) pair the inner loop is one multiply-add and one add per
// 16 components, and one 8-way reduction per 8 pairs.
AVX2 static void batch_avx2(const int8_t *rows, size_t n, size_t pd,
                            const int16_t *qs, size_t nq, int32_t *out) {
    int16_t wide[8 * 4096] __attribute__((aligned(32)));
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        for (size_t j = 0; j < 8 * pd; j += 16) {
            _mm256_store_si256((__m256i *)(wide + j), widen(rows + i * pd + j));
        }
        for (size_t k = 0; k < nq; k++) {
            const int16_t *q = qs + k * pd;
            __m256i a[8];
            for (int r = 0; r < 8; r++) a[r] = _mm256_setzero_si256();
            for (size_t j = 0; j < pd; j += 16) {
                __m256i qv = _mm256_loadu_si256((const __m256i *)(q + j));
                for (int r = 0; r < 8; r++) {
                    a[r] = _mm256_add_epi32(a[r], _mm256_madd_epi16(_mm256_load_si256((const __m256i *)(wide + r * pd + j)), qv));
                }
            }
            _mm256_storeu_si256((__m256i *)(out + k * n + i), reduce8(a));
        }
    }
    for (size_t k = 0; k < nq; k++) dot_rows(rows, i, n, pd, qs + k * pd, out + k * n);
}

void fk_dot_i8_i16(const int8_t *rows, size_t n, size_t pd, const int16_t *q, int32_t *out) {
    if (fk_cpu_has_avx2()) dot_avx2(rows, n, pd, q, out);
    else fk_dot_i8_i16_scalar(rows, n, pd, q, out);
}

void fk_dot_i8_i16_batch(const int8_t *rows, size_t n, size_t pd,
                         const int16_t *qs, size_t nq, int32_t *out) {
    if (fk_cpu_has_avx2()) batch_avx2(rows, n, pd, qs, nq, out);
    else fk_dot_i8_i16_batch_scalar(rows, n, pd, qs, nq, out);
}
