// Coarse scan: int8 code rows × int8 query codes, exact int32 dots, over the
// blocked plane of IndexKernels.h: one 64-byte vector holds a group of four
// components for 16 rows, and a kernel multiplies it by the query's group
// broadcast to every lane, so each lane accumulates one row's dot and no
// horizontal sums are needed.
//
// AVX2 path, 8 rows a 32-byte half: vpsignb moves the query's signs onto
// the rows (r·sign(q)), vpmaddubsw multiplies by |q| as unsigned bytes and
// adds pairs to int16, vpmaddwd with ones adds pairs to int32. With rows and
// query in [−127, 127] a pair is at most 2·127·127 = 32258, so vpmaddubsw
// never saturates (a −128 would: vpsignb cannot negate it).
//
// AVX-512 VNNI path: vpdpbusd multiplies unsigned by signed bytes and adds
// groups of four straight into int32, one operation per group and 16 rows.
// Rows are made unsigned by flipping their top bit (r + 128), and 128·Σq is
// taken off the result. The batch kernel flips 64 rows once into L1 and
// multiplies them by four queries at a time (4×4 accumulators), so each
// loaded vector and each broadcast serves four operations: the batch is
// compute-bound, and this is what makes concurrent searches cheap.
#include "IndexKernels.h"
#include <immintrin.h>
#include <string.h>

void fk_dot_i8_i8_scalar(const int8_t *rows, size_t n, size_t pd, const int8_t *q, int32_t *out) {
    for (size_t i = 0; i < n; i++) {
        int32_t acc = 0;
        for (size_t j = 0; j < pd; j++) acc += (int32_t)rows[fk_hi_index(pd, i, j)] * q[j];
        out[i] = acc;
    }
}

void fk_dot_i8_i8_batch_scalar(const int8_t *rows, size_t n, size_t pd,
                               const int8_t *qs, size_t nq, int32_t *out) {
    for (size_t k = 0; k < nq; k++) fk_dot_i8_i8_scalar(rows, n, pd, qs + k * pd, out + k * n);
}

enum { BLOCK = FK_BLOCK_ROWS, GROUP_BYTES = 4 * FK_BLOCK_ROWS };

// Query group g (four bytes) as one int32.
static inline int32_t group(const int8_t *q, size_t g) {
    int32_t v;
    memcpy(&v, q + 4 * g, 4);
    return v;
}

// The last block may hold fewer than 16 rows: only those are stored.
static inline size_t rows_in_block(size_t n, size_t i) { return n - i < BLOCK ? n - i : BLOCK; }

// How far ahead of the rows in hand the single-query scans prefetch: the
// hardware prefetcher alone left them ~15 % below memory speed (AMD EPYC, VM).
enum { PREFETCH_AHEAD = 4096 };

static inline void prefetch_block(const int8_t *rows, size_t i, size_t n, size_t pd) {
    size_t blocks = (n + BLOCK - 1) / BLOCK;
    if ((i / BLOCK + 1) * BLOCK * pd + PREFETCH_AHEAD <= blocks * BLOCK * pd) {
        const char *ahead = (const char *)(rows + i * pd) + PREFETCH_AHEAD;
        for (size_t b = 0; b < BLOCK * pd; b += 64) _mm_prefetch(ahead + b, _MM_HINT_T0);
    }
}

#define AVX2 __attribute__((target("avx2,fma,f16c")))

// Dots of one block's 16 rows with one query, into dots[0 … 15].
AVX2 static inline void block_avx2(const int8_t *block, size_t pd, const int8_t *q, int32_t dots[BLOCK]) {
    const __m256i ones = _mm256_set1_epi16(1);
    __m256i low = _mm256_setzero_si256(), high = low;
    for (size_t g = 0; g < pd / 4; g++) {
        __m256i qg = _mm256_set1_epi32(group(q, g)), magnitude = _mm256_abs_epi8(qg);
        const int8_t *p = block + g * GROUP_BYTES;
        __m256i r0 = _mm256_loadu_si256((const __m256i *)p), r1 = _mm256_loadu_si256((const __m256i *)(p + 32));
        low = _mm256_add_epi32(low, _mm256_madd_epi16(_mm256_maddubs_epi16(magnitude, _mm256_sign_epi8(r0, qg)), ones));
        high = _mm256_add_epi32(high, _mm256_madd_epi16(_mm256_maddubs_epi16(magnitude, _mm256_sign_epi8(r1, qg)), ones));
    }
    _mm256_storeu_si256((__m256i *)dots, low);
    _mm256_storeu_si256((__m256i *)(dots + 8), high);
}

AVX2 static void dot_avx2(const int8_t *rows, size_t n, size_t pd, const int8_t *q, int32_t *out) {
    int32_t dots[BLOCK];
    for (size_t i = 0; i < n; i += BLOCK) {
        prefetch_block(rows, i, n, pd);
        block_avx2(rows + i * pd, pd, q, dots);
        memcpy(out + i, dots, rows_in_block(n, i) * sizeof(int32_t));
    }
}

// A block at a time, every query over it while it sits in L1.
AVX2 static void batch_avx2(const int8_t *rows, size_t n, size_t pd,
                            const int8_t *qs, size_t nq, int32_t *out) {
    int32_t dots[BLOCK];
    for (size_t i = 0; i < n; i += BLOCK) {
        for (size_t k = 0; k < nq; k++) {
            block_avx2(rows + i * pd, pd, qs + k * pd, dots);
            memcpy(out + k * n + i, dots, rows_in_block(n, i) * sizeof(int32_t));
        }
    }
}

#define VNNI __attribute__((target("avx2,fma,f16c,avx512f,avx512bw,avx512vl,avx512vnni")))
#define VNNI_INLINE VNNI __attribute__((always_inline)) static inline

static int32_t flip_bias(const int8_t *q, size_t pd) {
    int32_t sum = 0;
    for (size_t j = 0; j < pd; j++) sum += q[j];
    return 128 * sum;
}

VNNI_INLINE __mmask16 store_mask(size_t n, size_t i) { return (__mmask16)((1u << rows_in_block(n, i)) - 1); }

VNNI static void dot_vnni(const int8_t *rows, size_t n, size_t pd, const int8_t *q, int32_t *out) {
    const __m512i top = _mm512_set1_epi8((char)0x80);
    const __m512i bias = _mm512_set1_epi32(flip_bias(q, pd));
    for (size_t i = 0; i < n; i += BLOCK) {
        prefetch_block(rows, i, n, pd);
        const int8_t *block = rows + i * pd;
        // Two accumulators: independent chains of vpdpbusd.
        __m512i even = _mm512_setzero_si512(), odd = even;
        for (size_t g = 0; g < pd / 4; g += 2) {
            __m512i r0 = _mm512_xor_si512(_mm512_loadu_si512((const void *)(block + g * GROUP_BYTES)), top);
            __m512i r1 = _mm512_xor_si512(_mm512_loadu_si512((const void *)(block + (g + 1) * GROUP_BYTES)), top);
            even = _mm512_dpbusd_epi32(even, r0, _mm512_set1_epi32(group(q, g)));
            odd = _mm512_dpbusd_epi32(odd, r1, _mm512_set1_epi32(group(q, g + 1)));
        }
        _mm512_mask_storeu_epi32(out + i, store_mask(n, i), _mm512_sub_epi32(_mm512_add_epi32(even, odd), bias));
    }
}

enum { TILE_BLOCKS = 4, TILE_QUERIES = 4, VNNI_MAX_PD = 512, VNNI_MAX_QUERIES = 256 };

// `nb` flipped blocks (stride BLOCK·pd from `flipped`, rows i … of the plane)
// × `nt` queries (from query k): dots into out[(k + t)·n + row]. Constant
// nb and nt at each call let the compiler keep the tile in registers.
VNNI_INLINE void tile_vnni(const uint8_t *flipped, size_t pd, int nb, const int8_t *qs, size_t k, int nt,
                           const int32_t *bias, size_t n, size_t i, int32_t *out) {
    __m512i acc[TILE_BLOCKS][TILE_QUERIES];
    for (int b = 0; b < nb; b++) {
        for (int t = 0; t < nt; t++) acc[b][t] = _mm512_setzero_si512();
    }
    for (size_t g = 0; g < pd / 4; g++) {
        __m512i r[TILE_BLOCKS];
        for (int b = 0; b < nb; b++) r[b] = _mm512_load_si512((const void *)(flipped + b * BLOCK * pd + g * GROUP_BYTES));
        for (int t = 0; t < nt; t++) {
            __m512i qg = _mm512_set1_epi32(group(qs + (k + t) * pd, g));
            for (int b = 0; b < nb; b++) acc[b][t] = _mm512_dpbusd_epi32(acc[b][t], r[b], qg);
        }
    }
    for (int b = 0; b < nb; b++) {
        size_t row = i + b * BLOCK;
        __mmask16 m = store_mask(n, row);
        for (int t = 0; t < nt; t++) {
            __m512i dots = _mm512_sub_epi32(acc[b][t], _mm512_set1_epi32(bias[k + t]));
            _mm512_mask_storeu_epi32(out + (k + t) * n + row, m, dots);
        }
    }
}

// All queries over `nb` blocks already flipped (nb constant where inlined).
VNNI_INLINE void queries_vnni(const uint8_t *flipped, size_t pd, int nb, const int8_t *qs, size_t nq,
                              const int32_t *bias, size_t n, size_t i, int32_t *out) {
    size_t k = 0;
    for (; k + TILE_QUERIES <= nq; k += TILE_QUERIES) tile_vnni(flipped, pd, nb, qs, k, TILE_QUERIES, bias, n, i, out);
    for (; k < nq; k++) tile_vnni(flipped, pd, nb, qs, k, 1, bias, n, i, out);
}

VNNI static void batch_vnni(const int8_t *rows, size_t n, size_t pd,
                            const int8_t *qs, size_t nq, int32_t *out) {
    const __m512i top = _mm512_set1_epi8((char)0x80);
    uint8_t flipped[TILE_BLOCKS * BLOCK * VNNI_MAX_PD] __attribute__((aligned(64)));
    int32_t bias[VNNI_MAX_QUERIES];
    for (size_t k = 0; k < nq; k++) bias[k] = flip_bias(qs + k * pd, pd);
    size_t blocks = (n + BLOCK - 1) / BLOCK, b0 = 0;
    while (b0 < blocks) {
        // A full tile of blocks, or the blocks left one at a time.
        size_t take = blocks - b0 >= TILE_BLOCKS ? TILE_BLOCKS : 1;
        const int8_t *src = rows + b0 * BLOCK * pd;
        for (size_t x = 0; x < take * BLOCK * pd; x += 64) {
            _mm512_store_si512((void *)(flipped + x), _mm512_xor_si512(_mm512_loadu_si512((const void *)(src + x)), top));
        }
        if (take == TILE_BLOCKS) queries_vnni(flipped, pd, TILE_BLOCKS, qs, nq, bias, n, b0 * BLOCK, out);
        else queries_vnni(flipped, pd, 1, qs, nq, bias, n, b0 * BLOCK, out);
        b0 += take;
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
    if (level >= FK_AVX512_VNNI && pd <= VNNI_MAX_PD && nq <= VNNI_MAX_QUERIES) {
        batch_vnni(rows, n, pd, qs, nq, out);
    } else if (level >= FK_AVX2) {
        batch_avx2(rows, n, pd, qs, nq, out);
    } else {
        fk_dot_i8_i8_batch_scalar(rows, n, pd, qs, nq, out);
    }
}
