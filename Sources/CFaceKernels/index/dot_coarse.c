// Coarse scan: nibble rows (4-bit unsigned components, two a byte) × int8
// query codes, exact int32 dots. The scan is memory-bound, so half the bytes
// of an int8 row is what makes it faster; the arithmetic stays cheap too.
// AVX2 path: a 32-byte load holds 64 components; masking and shifting splits
// it into two vectors of bytes in [0, 15], which vpmaddubsw multiplies as
// unsigned bytes by the signed query and adds pairs to int16. A pair is at
// most 2·15·128 = 3840, so eight of them (four loads, 256 components) fit
// an int16 before vpmaddwd with ones widens to int32. Eight rows per
// step share one horizontal reduction. The batch kernel unpacks a block of
// rows into bytes once and multiplies every query against it while it sits
// in L1 (compute-bound instead of bandwidth-bound).
#include "IndexKernels.h"
#include <immintrin.h>

static inline unsigned nibble(const uint8_t *row, size_t pd, size_t j) {
    size_t w = pd / 2;
    return j < w ? row[j] & 0x0F : row[j - w] >> 4;
}

void fk_dot_u4_i8_scalar(const uint8_t *rows, size_t n, size_t pd, const int8_t *q, int32_t *out) {
    for (size_t i = 0; i < n; i++) {
        int32_t acc = 0;
        for (size_t j = 0; j < pd; j++) acc += (int32_t)nibble(rows + i * (pd / 2), pd, j) * q[j];
        out[i] = acc;
    }
}

void fk_dot_u4_i8_batch_scalar(const uint8_t *rows, size_t n, size_t pd,
                               const int8_t *qs, size_t nq, int32_t *out) {
    for (size_t k = 0; k < nq; k++) fk_dot_u4_i8_scalar(rows, n, pd, qs + k * pd, out + k * n);
}

#define AVX2 __attribute__((target("avx2,fma,f16c")))
// Inlined into a copy per width: with pd a constant (128, the model's) the
// compiler unrolls the component loops and drops the tail tests.
#define AVX2_INLINE AVX2 __attribute__((always_inline)) static inline

// `bytes` (32, 16 or 8) bytes, zero-extended to 32: zero bytes add nothing.
AVX2_INLINE __m256i load_part(const void *p, size_t bytes) {
    if (bytes == 32) return _mm256_loadu_si256((const __m256i *)p);
    if (bytes == 16) return _mm256_zextsi128_si256(_mm_loadu_si128((const __m128i *)p));
    return _mm256_zextsi128_si256(_mm_loadl_epi64((const __m128i *)p));
}

static inline size_t step_at(size_t j, size_t w) { return w - j >= 32 ? 32 : (w - j >= 16 ? 16 : 8); }

// Nibble loads (two pair sums a lane each) whose int16 sums stay below 2^15.
enum { LOADS_PER_WIDEN = 4 };

// The query slices one load of nibbles meets: q[j…] (low nibbles), q[w + j…] (high).
typedef struct {
    __m256i low, high;
} query_pair;

AVX2_INLINE query_pair query_at(const int8_t *q, size_t j, size_t w, size_t bytes) {
    return (query_pair){load_part(q + j, bytes), load_part(q + w + j, bytes)};
}

// Σ over one load's 64 components of u·q, as sixteen int16 partial sums.
AVX2_INLINE __m256i mul_nibbles(__m256i v, query_pair q) {
    const __m256i mask = _mm256_set1_epi8(0x0F);
    __m256i low = _mm256_and_si256(v, mask), high = _mm256_and_si256(_mm256_srli_epi16(v, 4), mask);
    return _mm256_add_epi16(_mm256_maddubs_epi16(low, q.low), _mm256_maddubs_epi16(high, q.high));
}

AVX2 static inline __m256i widen(__m256i sums16) { return _mm256_madd_epi16(sums16, _mm256_set1_epi16(1)); }

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

// The dot of one nibble row with q, as int32x8 partial sums.
AVX2_INLINE __m256i dot_row(const uint8_t *r, size_t w, const int8_t *q) {
    __m256i acc = _mm256_setzero_si256(), sums = acc;
    int loads = 0;
    for (size_t j = 0; j < w;) {
        size_t bytes = step_at(j, w);
        sums = _mm256_add_epi16(sums, mul_nibbles(load_part(r + j, bytes), query_at(q, j, w, bytes)));
        j += bytes;
        if (++loads == LOADS_PER_WIDEN || j == w) {
            acc = _mm256_add_epi32(acc, widen(sums));
            sums = _mm256_setzero_si256();
            loads = 0;
        }
    }
    return acc;
}

// Dots of eight consecutive rows with one query, stored at out[0 … 7].
AVX2_INLINE void dot8(const uint8_t *r, size_t w, const int8_t *q, int32_t *out) {
    __m256i acc[8], sums[8];
    for (int k = 0; k < 8; k++) acc[k] = sums[k] = _mm256_setzero_si256();
    int loads = 0;
    for (size_t j = 0; j < w;) {
        size_t bytes = step_at(j, w);
        query_pair qv = query_at(q, j, w, bytes);
        for (int k = 0; k < 8; k++) sums[k] = _mm256_add_epi16(sums[k], mul_nibbles(load_part(r + k * w + j, bytes), qv));
        j += bytes;
        if (++loads == LOADS_PER_WIDEN || j == w) {
            for (int k = 0; k < 8; k++) {
                acc[k] = _mm256_add_epi32(acc[k], widen(sums[k]));
                sums[k] = _mm256_setzero_si256();
            }
            loads = 0;
        }
    }
    _mm256_storeu_si256((__m256i *)out, reduce8(acc));
}

// How far ahead of the rows in hand the single-query scan prefetches: the
// hardware prefetcher alone left it ~15 % below memory speed here (AMD EPYC, VM).
enum { PREFETCH_AHEAD = 4096 };

AVX2_INLINE void dot_body(const uint8_t *rows, size_t n, size_t pd, const int8_t *q, int32_t *out) {
    size_t w = pd / 2, i = 0;
    for (; i + 8 <= n; i += 8) {
        if ((i + 8) * w + PREFETCH_AHEAD <= n * w) {
            const char *ahead = (const char *)(rows + i * w) + PREFETCH_AHEAD;
            for (size_t b = 0; b < 8 * w; b += 64) _mm_prefetch(ahead + b, _MM_HINT_T0);
        }
        dot8(rows + i * w, w, q, out + i);
    }
    for (; i < n; i++) out[i] = reduce1(dot_row(rows + i * w, w, q));
}

AVX2 static void rows_avx2(const uint8_t *rows, size_t pd, const uint32_t *index, size_t count,
                           const int8_t *q, int32_t *out) {
    size_t w = pd / 2;
    for (size_t k = 0; k < count; k++) {
        if (k + 4 < count) _mm_prefetch((const char *)(rows + (size_t)index[k + 4] * w), _MM_HINT_T0);
        out[k] = reduce1(dot_row(rows + (size_t)index[k] * w, w, q));
    }
}

// Rows unpacked to one byte a component (pd bytes each), for the batch kernel.
enum { BATCH_ROWS = 8, MAX_PD = 4096 };

AVX2_INLINE void unpack_rows(const uint8_t *rows, size_t w, uint8_t *bytes) {
    const __m256i mask = _mm256_set1_epi8(0x0F);
    for (size_t k = 0; k < BATCH_ROWS; k++) {
        const uint8_t *r = rows + k * w;
        uint8_t *u = bytes + k * 2 * w;
        size_t j = 0;
        for (; j + 32 <= w; j += 32) {
            __m256i v = _mm256_loadu_si256((const __m256i *)(r + j));
            _mm256_storeu_si256((__m256i *)(u + j), _mm256_and_si256(v, mask));
            _mm256_storeu_si256((__m256i *)(u + w + j), _mm256_and_si256(_mm256_srli_epi16(v, 4), mask));
        }
        for (; j < w; j++) {
            u[j] = r[j] & 0x0F;
            u[w + j] = r[j] >> 4;
        }
    }
}

// Eight unpacked rows (pd bytes each) with one query, stored at out[0 … 7].
AVX2_INLINE void dot8_unpacked(const uint8_t *u, size_t pd, const int8_t *q, int32_t *out) {
    __m256i acc[8], sums[8];
    for (int k = 0; k < 8; k++) acc[k] = sums[k] = _mm256_setzero_si256();
    int loads = 0;
    for (size_t j = 0; j < pd;) {
        size_t bytes = pd - j >= 32 ? 32 : 16;
        __m256i qv = load_part(q + j, bytes);
        for (int k = 0; k < 8; k++) {
            sums[k] = _mm256_add_epi16(sums[k], _mm256_maddubs_epi16(load_part(u + k * pd + j, bytes), qv));
        }
        j += bytes;
        if (++loads == 2 * LOADS_PER_WIDEN || j == pd) { // one pair sum a lane per load
            for (int k = 0; k < 8; k++) {
                acc[k] = _mm256_add_epi32(acc[k], widen(sums[k]));
                sums[k] = _mm256_setzero_si256();
            }
            loads = 0;
        }
    }
    _mm256_storeu_si256((__m256i *)out, reduce8(acc));
}

AVX2_INLINE void batch_body(const uint8_t *rows, size_t n, size_t pd,
                            const int8_t *qs, size_t nq, int32_t *out) {
    size_t w = pd / 2, i = 0;
    uint8_t unpacked[BATCH_ROWS * MAX_PD];
    for (; i + BATCH_ROWS <= n; i += BATCH_ROWS) {
        unpack_rows(rows + i * w, w, unpacked);
        for (size_t k = 0; k < nq; k++) dot8_unpacked(unpacked, pd, qs + k * pd, out + k * n + i);
    }
    for (; i < n; i++) {
        for (size_t k = 0; k < nq; k++) out[k * n + i] = reduce1(dot_row(rows + i * w, w, qs + k * pd));
    }
}

AVX2 static void dot_avx2(const uint8_t *rows, size_t n, size_t pd, const int8_t *q, int32_t *out) {
    if (pd == 128) dot_body(rows, n, 128, q, out);
    else dot_body(rows, n, pd, q, out);
}

AVX2 static void batch_avx2(const uint8_t *rows, size_t n, size_t pd,
                            const int8_t *qs, size_t nq, int32_t *out) {
    if (pd == 128) batch_body(rows, n, 128, qs, nq, out);
    else batch_body(rows, n, pd, qs, nq, out);
}

void fk_dot_u4_i8(const uint8_t *rows, size_t n, size_t pd, const int8_t *q, int32_t *out) {
    if (fk_cpu_has_avx2()) dot_avx2(rows, n, pd, q, out);
    else fk_dot_u4_i8_scalar(rows, n, pd, q, out);
}

void fk_dot_u4_i8_rows(const uint8_t *rows, size_t pd, const uint32_t *index, size_t count,
                       const int8_t *q, int32_t *out) {
    if (fk_cpu_has_avx2()) {
        rows_avx2(rows, pd, index, count, q, out);
        return;
    }
    for (size_t k = 0; k < count; k++) fk_dot_u4_i8_scalar(rows + (size_t)index[k] * (pd / 2), 1, pd, q, out + k);
}

void fk_dot_u4_i8_batch(const uint8_t *rows, size_t n, size_t pd,
                        const int8_t *qs, size_t nq, int32_t *out) {
    if (fk_cpu_has_avx2() && pd <= MAX_PD) batch_avx2(rows, n, pd, qs, nq, out);
    else fk_dot_u4_i8_batch_scalar(rows, n, pd, qs, nq, out);
}
