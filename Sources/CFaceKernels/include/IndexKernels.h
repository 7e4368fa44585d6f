// Kernels of the vector index (FaceIndex). Every kernel with a SIMD body has a
// plain `_scalar` twin: the reference the tests compare against and the path
// taken on CPUs without AVX2/FMA/F16C. Dimensions are "padded" (`pd`): a
// multiple of 16, rows zero-filled past the real dimension.
#pragma once
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// The SIMD paths, in order: each level includes the ones before it.
enum { FK_SCALAR = 0, FK_AVX2 = 1, FK_AVX512_VNNI = 2 };

/// The best path the CPU and OS support (checked once), at most the cap.
int fk_cpu_level(void);
/// Caps the paths taken (tests use it to run each path on one machine).
void fk_cpu_cap_level(int level);
/// 1 when the AVX2 (FMA, F16C) path may be taken.
int fk_cpu_has_avx2(void);

// ---- half-precision bounds -------------------------------------------------

/// The smallest IEEE half not below `x` (NaN stays NaN, overflow gives +inf).
uint16_t fk_f16_round_up(float x);
/// The exact float value of an IEEE half.
float fk_f16_to_f32(uint16_t h);

// ---- the coarse plane's layout ------------------------------------------------
//
// Rows go in blocks of 16. Within a block, each group of four components
// holds the 16 rows' four bytes side by side (64 bytes), so one 64-byte
// vector carries a group for 16 rows and a kernel adds q's group to 16 dots
// at once, with no horizontal sums. A plane of n rows takes ⌈n/16⌉·16·pd
// bytes; rows past n in the last block are zero.

enum { FK_BLOCK_ROWS = 16 };

/// Where component j of row `row` sits in a coarse plane of width pd.
static inline size_t fk_hi_index(size_t pd, size_t row, size_t j) {
    return (row / FK_BLOCK_ROWS) * FK_BLOCK_ROWS * pd + (j / 4) * 4 * FK_BLOCK_ROWS + (row % FK_BLOCK_ROWS) * 4 + j % 4;
}

/// Copies row `row` of a coarse plane into `out` (pd bytes), or back.
void fk_hi_read_row(const int8_t *plane, size_t pd, size_t row, int8_t *out);
void fk_hi_write_row(int8_t *plane, size_t pd, size_t row, const int8_t *in);

// ---- encoding ---------------------------------------------------------------

/// Per-row results of `fk_encode_rows`; the arrays are indexed by row.
typedef struct {
    int8_t *hi;              ///< coarse plane (blocked, ⌈n/16⌉·16 rows), code h (|h| ≤ 127)
    int8_t *lo;              ///< n × pd, fine remainder l: code16 = 256·h + l
    float *hi_scale;         ///< Δ: x − mean ≈ Δ·h, and ≈ (Δ/256)·code16
    uint16_t *hi_residual;   ///< half ≥ ‖x − mean − Δ·h‖
    uint16_t *code_residual; ///< half ≥ ‖x − mean − (Δ/256)·code16‖
} fk_code_rows;

/// Encodes n rows of `dim` floats (row stride `dim`) relative to `mean` into
/// 16-bit fixed-point codes split in two byte planes, with residual bounds
/// computed in double precision and rounded up. Returns the largest
/// ‖Δ·h‖ over the rows (rounded up), which bounds query-quantisation error.
float fk_encode_rows(const float *x, size_t n, size_t dim, size_t pd,
                     const float *mean, fk_code_rows out);

// ---- coarse scan: int8 rows × int8 query -----------------------------------

/// out[i] = Σ_j q[j]·h_ij for the n rows of a coarse plane (blocked layout,
/// starting at a block; exact in int32 for pd ≤ 4096). Rows and query must
/// lie in [−127, 127] (the AVX2 path cannot negate −128).
void fk_dot_i8_i8(const int8_t *rows, size_t n, size_t pd, const int8_t *q, int32_t *out);
void fk_dot_i8_i8_scalar(const int8_t *rows, size_t n, size_t pd, const int8_t *q, int32_t *out);

/// out[k·n + i] = Σ_j qs[k·pd + j]·h_ij for nq queries: one pass over the rows.
void fk_dot_i8_i8_batch(const int8_t *rows, size_t n, size_t pd,
                        const int8_t *qs, size_t nq, int32_t *out);
void fk_dot_i8_i8_batch_scalar(const int8_t *rows, size_t n, size_t pd,
                               const int8_t *qs, size_t nq, int32_t *out);

/// Per-query constants turning an int32 dot into an estimate and its bound.
typedef struct {
    float factor;    ///< query scale: estimate = base + factor·Δ_i·dot_i
    float base;      ///< q·mean
    float qnorm;     ///< ‖q‖: bound = qnorm·hi_residual_i + slack
    float slack;     ///< query-quantisation and float-rounding allowance
} fk_bound_params;

/// Writes the rows whose upper bound (estimate + bound) reaches `threshold`:
/// their indices to out_idx and estimates to out_est. Returns how many.
size_t fk_select_upper(const int32_t *dots, const float *hi_scale, const uint16_t *hi_residual,
                       size_t n, fk_bound_params p, float threshold,
                       uint32_t *out_idx, float *out_est);
size_t fk_select_upper_scalar(const int32_t *dots, const float *hi_scale, const uint16_t *hi_residual,
                              size_t n, fk_bound_params p, float threshold,
                              uint32_t *out_idx, float *out_est);

// ---- fine and exact scores (double accumulation) -----------------------------

/// Σ_j q[j]·(256·hi[j] + lo[j]) in double.
double fk_dot_code16(const int8_t *hi, const int8_t *lo, const float *q, size_t pd);
double fk_dot_code16_scalar(const int8_t *hi, const int8_t *lo, const float *q, size_t pd);

/// out[i] = Σ_j q[j]·rows[i·stride + j] for j < dim, accumulated in double.
void fk_dot_rows_f64(const float *rows, size_t n, size_t dim, size_t stride, const float *q, double *out);
void fk_dot_rows_f64_scalar(const float *rows, size_t n, size_t dim, size_t stride, const float *q, double *out);

// ---- tombstones --------------------------------------------------------------

/// Atomically sets bit i (release); readers may run concurrently.
void fk_bit_set(uint64_t *words, size_t i);
/// Atomically reads bit i (acquire).
int fk_bit_test(const uint64_t *words, size_t i);

#ifdef __cplusplus
}
#endif
