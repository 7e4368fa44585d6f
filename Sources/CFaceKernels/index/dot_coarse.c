// Coarse scan: int8 code rows × int16 query codes, exact int32 dots.
// AVX2 path: sign-extend 16 bytes to int16 (vpmovsxbw), vpmaddwd with the
// query, accumulate int32. The single-query kernel takes 4 rows per step to
// share the horizontal sums; the batch kernel keeps one row chunk in a
// register and applies it to 4 queries, so each row is read from memory once
// per batch (compute-bound instead of bandwidth-bound).
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

// Horizontal sums of four int32x8 accumulators, as one int32x4.
AVX2 static inline __m128i hsum4(__m256i a, __m256i b, __m256i c, __m256i d) {
    __m256i ab = _mm256_hadd_epi32(a, b), cd = _mm256_hadd_epi32(c, d);
    __m256i abcd = _mm256_hadd_epi32(ab, cd);
    return _mm_add_epi32(_mm256_castsi256_si128(abcd), _mm256_extracti128_si256(abcd, 1));
}

AVX2 static int32_t hsum1(__m256i a) {
    __m128i s = _mm_add_epi32(_mm256_castsi256_si128(a), _mm256_extracti128_si256(a, 1));
    s = _mm_hadd_epi32(s, s);
    s = _mm_hadd_epi32(s, s);
    return _mm_cvtsi128_si32(s);
}

AVX2 static void dot_avx2(const int8_t *rows, size_t n, size_t pd, const int16_t *q, int32_t *out) {
    size_t i = 0;
    for (; i + 4 <= n; i += 4) {
        const int8_t *r = rows + i * pd;
        __m256i a0 = _mm256_setzero_si256(), a1 = a0, a2 = a0, a3 = a0;
        for (size_t j = 0; j < pd; j += 16) {
            __m256i qv = _mm256_loadu_si256((const __m256i *)(q + j));
            a0 = _mm256_add_epi32(a0, _mm256_madd_epi16(widen(r + j), qv));
            a1 = _mm256_add_epi32(a1, _mm256_madd_epi16(widen(r + pd + j), qv));
            a2 = _mm256_add_epi32(a2, _mm256_madd_epi16(widen(r + 2 * pd + j), qv));
            a3 = _mm256_add_epi32(a3, _mm256_madd_epi16(widen(r + 3 * pd + j), qv));
        }
        _mm_storeu_si128((__m128i *)(out + i), hsum4(a0, a1, a2, a3));
    }
    for (; i < n; i++) {
        __m256i a = _mm256_setzero_si256();
        for (size_t j = 0; j < pd; j += 16) a = _mm256_add_epi32(a, mul16(rows + i * pd + j, q + j));
        out[i] = hsum1(a);
    }
}

AVX2 static void batch_avx2(const int8_t *rows, size_t n, size_t pd,
                            const int16_t *qs, size_t nq, int32_t *out) {
    for (size_t i = 0; i < n; i++) {
        const int8_t *r = rows + i * pd;
        size_t k = 0;
        for (; k + 4 <= nq; k += 4) {
            const int16_t *q0 = qs + k * pd;
            __m256i a0 = _mm256_setzero_si256(), a1 = a0, a2 = a0, a3 = a0;
            for (size_t j = 0; j < pd; j += 16) {
                __m256i rv = widen(r + j);
                a0 = _mm256_add_epi32(a0, _mm256_madd_epi16(rv, _mm256_loadu_si256((const __m256i *)(q0 + j))));
                a1 = _mm256_add_epi32(a1, _mm256_madd_epi16(rv, _mm256_loadu_si256((const __m256i *)(q0 + pd + j))));
                a2 = _mm256_add_epi32(a2, _mm256_madd_epi16(rv, _mm256_loadu_si256((const __m256i *)(q0 + 2 * pd + j))));
                a3 = _mm256_add_epi32(a3, _mm256_madd_epi16(rv, _mm256_loadu_si256((const __m256i *)(q0 + 3 * pd + j))));
            }
            int32_t s[4];
            _mm_storeu_si128((__m128i *)s, hsum4(a0, a1, a2, a3));
            out[k * n + i] = s[0];
            out[(k + 1) * n + i] = s[1];
            out[(k + 2) * n + i] = s[2];
            out[(k + 3) * n + i] = s[3];
        }
        for (; k < nq; k++) {
            __m256i a = _mm256_setzero_si256();
            for (size_t j = 0; j < pd; j += 16) a = _mm256_add_epi32(a, mul16(r + j, qs + k * pd + j));
            out[k * n + i] = hsum1(a);
        }
    }
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
