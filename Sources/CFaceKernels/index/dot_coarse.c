// Coarse scan: int8 code rows × int8 query codes, exact int32 dots.
// AVX2 path, 32 components per step: vpsignb moves the query's signs onto
// the row (r·sign(q)), vpmaddubsw multiplies by |q| as unsigned bytes and
// adds pairs to int16, vpmaddwd with ones adds pairs to int32. With rows and
// query in [−127, 127] a pair is at most 2·127·127 = 32258, so vpmaddubsw
// never saturates (a −128 would: vpsignb cannot negate it). Four operations
// per 32 bytes instead of six for sign-extending to int16 first, which keeps
// the scan at memory speed. Eight rows per step share one horizontal
// reduction. The batch kernel reads each row from memory once for all its
// queries (compute-bound instead of bandwidth-bound).
// AVX-512 VNNI path: vpdpbusd multiplies unsigned by signed bytes and adds
// groups of four straight into int32, one operation per 64 bytes. Rows are
// made unsigned by flipping their top bit (r + 128), and 128·Σq is taken off
// the result. It matters most to the batch kernel, which is compute-bound.
#include "IndexKernels.h"
#include <immintrin.h>

void fk_dot_i8_i8_scalar(const int8_t *rows, size_t n, size_t pd, const int8_t *q, int32_t *out) {
    for (size_t i = 0; i < n; i++) {
        int32_t acc = 0;
        for (size_t j = 0; j < pd; j++) acc += (int32_t)rows[i * pd + j] * q[j];
        out[i] = acc;
    }
}

void fk_dot_i8_i8_batch_scalar(const int8_t *rows, size_t n, size_t pd,
                               const int8_t *qs, size_t nq, int32_t *out) {
    for (size_t k = 0; k < nq; k++) fk_dot_i8_i8_scalar(rows, n, pd, qs + k * pd, out + k * n);
}

#define AVX2 __attribute__((target("avx2,fma,f16c")))

AVX2 static inline __m256i load32(const int8_t *p) { return _mm256_loadu_si256((const __m256i *)p); }

// The last 16 bytes of a width that is an odd multiple of 16, upper half
// zero: zero query bytes contribute nothing.
AVX2 static inline __m256i load16(const int8_t *p) { return _mm256_zextsi128_si256(_mm_loadu_si128((const __m128i *)p)); }

// A query slice prepared once: its magnitudes (unsigned) and the query itself (signs).
typedef struct {
    __m256i magnitude, sign;
} query_slice;

AVX2 static inline query_slice slice(__m256i q) { return (query_slice){_mm256_abs_epi8(q), q}; }

// Σ over 32 components of row·q, as eight int32 partial sums.
AVX2 static inline __m256i mul32(__m256i row, query_slice q) {
    const __m256i ones = _mm256_set1_epi16(1);
    return _mm256_madd_epi16(_mm256_maddubs_epi16(q.magnitude, _mm256_sign_epi8(row, q.sign)), ones);
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
AVX2 static void dot_rows(const int8_t *rows, size_t from, size_t n, size_t pd, const int8_t *q, int32_t *out) {
    for (size_t i = from; i < n; i++) {
        __m256i a = _mm256_setzero_si256();
        const int8_t *r = rows + i * pd;
        size_t j = 0;
        for (; j + 32 <= pd; j += 32) a = _mm256_add_epi32(a, mul32(load32(r + j), slice(load32(q + j))));
        if (j < pd) a = _mm256_add_epi32(a, mul32(load16(r + j), slice(load16(q + j))));
        out[i] = reduce1(a);
    }
}

// Dots of eight consecutive rows with one query, stored at out[0 … 7].
AVX2 static inline void dot8(const int8_t *r, size_t pd, const int8_t *q, int32_t *out) {
    __m256i a[8];
    for (int k = 0; k < 8; k++) a[k] = _mm256_setzero_si256();
    size_t j = 0;
    for (; j + 32 <= pd; j += 32) {
        query_slice qv = slice(load32(q + j));
        for (int k = 0; k < 8; k++) a[k] = _mm256_add_epi32(a[k], mul32(load32(r + k * pd + j), qv));
    }
    if (j < pd) {
        query_slice qv = slice(load16(q + j));
        for (int k = 0; k < 8; k++) a[k] = _mm256_add_epi32(a[k], mul32(load16(r + k * pd + j), qv));
    }
    _mm256_storeu_si256((__m256i *)out, reduce8(a));
}

// How far ahead of the rows in hand the single-query scan prefetches: the
// hardware prefetcher alone left it ~15 % below memory speed here (AMD EPYC, VM).
enum { PREFETCH_AHEAD = 4096 };

// Eight rows per step, one store of eight dots.
AVX2 static void dot_avx2(const int8_t *rows, size_t n, size_t pd, const int8_t *q, int32_t *out) {
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        if ((i + 8) * pd + PREFETCH_AHEAD <= n * pd) {
            const char *ahead = (const char *)(rows + i * pd) + PREFETCH_AHEAD;
            for (size_t b = 0; b < 8 * pd; b += 64) _mm_prefetch(ahead + b, _MM_HINT_T0);
        }
        dot8(rows + i * pd, pd, q, out + i);
    }
    dot_rows(rows, i, n, pd, q, out);
}

// Eight rows at a time, every query over them while they sit in L1.
AVX2 static void batch_avx2(const int8_t *rows, size_t n, size_t pd,
                            const int8_t *qs, size_t nq, int32_t *out) {
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        for (size_t k = 0; k < nq; k++) dot8(rows + i * pd, pd, qs + k * pd, out + k * n + i);
    }
    for (size_t k = 0; k < nq; k++) dot_rows(rows, i, n, pd, qs + k * pd, out + k * n);
}

#define VNNI __attribute__((target("avx2,fma,f16c,avx512f,avx512bw,avx512vl,avx512vnni")))
#define VNNI_INLINE VNNI __attribute__((always_inline)) static inline

// Bytes j … j + 63 of a row or query, zero past pd. Zero query bytes make
// the flipped row bytes beside them (0x80) contribute nothing.
VNNI_INLINE __m512i load64(const void *p, size_t j, size_t pd) {
    size_t left = pd - j;
    __mmask64 m = left >= 64 ? ~(__mmask64)0 : (((__mmask64)1 << left) - 1);
    return _mm512_maskz_loadu_epi8(m, (const char *)p + j);
}

static int32_t flip_bias(const int8_t *q, size_t pd) {
    int32_t sum = 0;
    for (size_t j = 0; j < pd; j++) sum += q[j];
    return 128 * sum;
}

// Dots of eight rows (stride pd) with one query, stored at out[0 … 7]. With
// `flip` the rows are signed and flipped here, otherwise already unsigned.
VNNI_INLINE void dot8_vnni(const uint8_t *r, size_t pd, const int8_t *q, int32_t bias, int flip, int32_t *out) {
    const __m512i top = _mm512_set1_epi8((char)0x80);
    __m512i a[8];
    for (int k = 0; k < 8; k++) a[k] = _mm512_setzero_si512();
    for (size_t j = 0; j < pd; j += 64) {
        __m512i qv = load64(q, j, pd);
        for (int k = 0; k < 8; k++) {
            __m512i v = load64(r + k * pd, j, pd);
            a[k] = _mm512_dpbusd_epi32(a[k], flip ? _mm512_xor_si512(v, top) : v, qv);
        }
    }
    __m256i h[8];
    for (int k = 0; k < 8; k++) h[k] = _mm256_add_epi32(_mm512_castsi512_si256(a[k]), _mm512_extracti64x4_epi64(a[k], 1));
    _mm256_storeu_si256((__m256i *)out, _mm256_sub_epi32(reduce8(h), _mm256_set1_epi32(bias)));
}

VNNI_INLINE int32_t dot1_vnni(const int8_t *r, size_t pd, const int8_t *q, int32_t bias) {
    const __m512i top = _mm512_set1_epi8((char)0x80);
    __m512i a = _mm512_setzero_si512();
    for (size_t j = 0; j < pd; j += 64) a = _mm512_dpbusd_epi32(a, _mm512_xor_si512(load64(r, j, pd), top), load64(q, j, pd));
    return _mm512_reduce_add_epi32(a) - bias;
}

VNNI static void dot_vnni(const int8_t *rows, size_t n, size_t pd, const int8_t *q, int32_t *out) {
    int32_t bias = flip_bias(q, pd);
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        if ((i + 8) * pd + PREFETCH_AHEAD <= n * pd) {
            const char *ahead = (const char *)(rows + i * pd) + PREFETCH_AHEAD;
            for (size_t b = 0; b < 8 * pd; b += 64) _mm_prefetch(ahead + b, _MM_HINT_T0);
        }
        dot8_vnni((const uint8_t *)(rows + i * pd), pd, q, bias, 1, out + i);
    }
    for (; i < n; i++) out[i] = dot1_vnni(rows + i * pd, pd, q, bias);
}

enum { VNNI_MAX_PD = 4096, VNNI_QUERY_GROUP = 64 };

// Eight rows at a time flipped once into L1, then every query over them.
// Queries go in groups of 64 (SearchBatcher's largest batch) for their biases.
VNNI static void batch_vnni(const int8_t *rows, size_t n, size_t pd,
                            const int8_t *qs, size_t nq, int32_t *out) {
    const __m512i top = _mm512_set1_epi8((char)0x80);
    uint8_t flipped[8 * VNNI_MAX_PD] __attribute__((aligned(64)));
    int32_t bias[VNNI_QUERY_GROUP];
    for (size_t k0 = 0; k0 < nq; k0 += VNNI_QUERY_GROUP) {
        size_t group = nq - k0 < VNNI_QUERY_GROUP ? nq - k0 : VNNI_QUERY_GROUP;
        for (size_t k = 0; k < group; k++) bias[k] = flip_bias(qs + (k0 + k) * pd, pd);
        size_t i = 0;
        for (; i + 8 <= n; i += 8) {
            const int8_t *block = rows + i * pd;
            for (size_t b = 0; b < 8 * pd; b += 64) {
                __m512i v = _mm512_loadu_si512((const void *)(block + b));
                _mm512_store_si512((void *)(flipped + b), _mm512_xor_si512(v, top));
            }
            for (size_t k = 0; k < group; k++) {
                dot8_vnni(flipped, pd, qs + (k0 + k) * pd, bias[k], 0, out + (k0 + k) * n + i);
            }
        }
        for (; i < n; i++) {
            for (size_t k = 0; k < group; k++) out[(k0 + k) * n + i] = dot1_vnni(rows + i * pd, pd, qs + (k0 + k) * pd, bias[k]);
        }
    }
}

void fk_dot_i8_i8(const int8_t *rows, size_t n, size_t pd, const int8_t *q, int32_t *out) {
    int level = fk_cpu_level();
    if (level >= FK_AVX512_VNNI) dot_vnni(rows, n, pd, q, out);
    else if (level >= FK_AVX2) dot_avx2(rows, n, pd, q, out);
    else fk_dot_i8_i8_scalar(rows, n, pd, q, out);
}

void fk_dot_i8_i8_batch(const int8_t *rows, size_t n, size_t pd,
                        const int8_t *qs, size_t nq, int32_t *out) {
    int level = fk_cpu_level();
    if (level >= FK_AVX512_VNNI && pd <= VNNI_MAX_PD) batch_vnni(rows, n, pd, qs, nq, out);
    else if (level >= FK_AVX2) batch_avx2(rows, n, pd, qs, nq, out);
    else fk_dot_i8_i8_batch_scalar(rows, n, pd, qs, nq, out);
}
