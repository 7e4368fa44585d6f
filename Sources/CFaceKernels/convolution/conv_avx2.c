// AVX2/FMA body of fk_conv_rows. Output pixels are taken in tiles (row-major,
// a tile may wrap to the next row); for each tile and each filter block one
// register-blocked micro-kernel keeps tile × block accumulators in the 16 YMM
// registers for the whole reduction:
//   block 16: 6 pixels × 2 vectors (2 filter loads + 6 broadcasts per tap),
//             ~90 GFLOP/s per core on MMOD's layers here (OpenBLAS sgemm
//             after im2col: 41–52);
//   block 1:  4 pixels, dot products along the tap run, summed across lanes.
// A 4 × 24 tile (3 vectors) was tried for 45-channel layers: clang spills its
// 16 live registers inside the loop and it ran at less than half the speed.
// A tile shorter than its width repeats its last pixel and stores only the
// real ones; channels past output_channels in the last block are not stored.
#include "conv_internal.h"
#include <immintrin.h>

#define AVX2 __attribute__((target("avx2,fma")))

int fk_conv_has_simd(void) {
    // The CPU model is read once at load time by the compiler runtime, which
    // also checks that the OS saves YMM state.
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}

/// Lanes 0 ..< valid set (valid may be ≤ 0 or ≥ 8).
static inline AVX2 __m256i lanes(int valid) {
    return _mm256_cmpgt_epi32(_mm256_set1_epi32(valid), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
}

static inline AVX2 void store(float *out, __m256 value, int relu, int valid) {
    if (relu) value = _mm256_max_ps(value, _mm256_setzero_ps());
    if (valid >= 8) _mm256_storeu_ps(out, value);
    else if (valid > 0) _mm256_maskstore_ps(out, lanes(valid), value);
}

#define FMA2(acc0, acc1, source) do { \
    __m256 v = _mm256_broadcast_ss(source); \
    acc0 = _mm256_fmadd_ps(v, w0, acc0); acc1 = _mm256_fmadd_ps(v, w1, acc1); } while (0)

AVX2 void fk_conv_tile16(const fk_conv *c, const float *const *in, float *const *out, int pixels,
                         const float *w, const float *bias, int channels) {
    const int run = c->kernel_columns * c->input_channels;
    const ptrdiff_t rs = c->input_row_stride;
    const __m256 b0 = _mm256_loadu_ps(bias), b1 = _mm256_loadu_ps(bias + 8);
    __m256 a00 = b0, a01 = b1, a10 = b0, a11 = b1, a20 = b0, a21 = b1;
    __m256 a30 = b0, a31 = b1, a40 = b0, a41 = b1, a50 = b0, a51 = b1;
    const float *i0 = in[0], *i1 = in[1], *i2 = in[2], *i3 = in[3], *i4 = in[4], *i5 = in[5];
    for (int ky = 0; ky < c->kernel_rows; ky++) {
        for (int j = 0; j < run; j++, w += 16) {
            const __m256 w0 = _mm256_loadu_ps(w), w1 = _mm256_loadu_ps(w + 8);
            FMA2(a00, a01, i0 + j); FMA2(a10, a11, i1 + j); FMA2(a20, a21, i2 + j);
            FMA2(a30, a31, i3 + j); FMA2(a40, a41, i4 + j); FMA2(a50, a51, i5 + j);
        }
        i0 += rs; i1 += rs; i2 += rs; i3 += rs; i4 += rs; i5 += rs;
    }
    // Straight-line stores: an array of the accumulators would go through the stack.
#define STORE2(p, acc0, acc1) if (p < pixels) { \
        store(out[p], acc0, c->relu, channels); store(out[p] + 8, acc1, c->relu, channels - 8); }
    STORE2(0, a00, a01) STORE2(1, a10, a11) STORE2(2, a20, a21)
    STORE2(3, a30, a31) STORE2(4, a40, a41) STORE2(5, a50, a51)
#undef STORE2
}

static inline AVX2 float horizontal_sum(__m256 v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

static AVX2 void tile1(const fk_conv *c, const float *const *in, float *const *out, int pixels,
                       const float *w, const float *bias) {
    const int run = c->kernel_columns * c->input_channels, whole = run & ~7;
    const ptrdiff_t rs = c->input_row_stride;
    const __m256i tail = lanes(run - whole);
    __m256 a0 = _mm256_setzero_ps(), a1 = a0, a2 = a0, a3 = a0;
    const float *i0 = in[0], *i1 = in[1], *i2 = in[2], *i3 = in[3];
    for (int ky = 0; ky < c->kernel_rows; ky++, w += run) {
        for (int j = 0; j < whole; j += 8) {
            const __m256 f = _mm256_loadu_ps(w + j);
            a0 = _mm256_fmadd_ps(_mm256_loadu_ps(i0 + j), f, a0);
            a1 = _mm256_fmadd_ps(_mm256_loadu_ps(i1 + j), f, a1);
            a2 = _mm256_fmadd_ps(_mm256_loadu_ps(i2 + j), f, a2);
            a3 = _mm256_fmadd_ps(_mm256_loadu_ps(i3 + j), f, a3);
        }
        if (whole < run) {
            const __m256 f = _mm256_maskload_ps(w + whole, tail);
            a0 = _mm256_fmadd_ps(_mm256_maskload_ps(i0 + whole, tail), f, a0);
            a1 = _mm256_fmadd_ps(_mm256_maskload_ps(i1 + whole, tail), f, a1);
            a2 = _mm256_fmadd_ps(_mm256_maskload_ps(i2 + whole, tail), f, a2);
            a3 = _mm256_fmadd_ps(_mm256_maskload_ps(i3 + whole, tail), f, a3);
        }
        i0 += rs; i1 += rs; i2 += rs; i3 += rs;
    }
    const __m256 acc[4] = {a0, a1, a2, a3};
    for (int p = 0; p < pixels; p++) {
        const float sum = bias[0] + horizontal_sum(acc[p]);
        out[p][0] = c->relu && sum < 0 ? 0 : sum;
    }
}

AVX2 void fk_conv_rows_avx2(const fk_conv *c, int first_row, int row_count) {
    enum { widest = 6 };
    const int block = c->block, width = block == 16 ? 6 : 4;
    const int blocks = (c->output_channels + block - 1) / block;
    const ptrdiff_t block_floats = (ptrdiff_t)c->kernel_rows * c->kernel_columns * c->input_channels * block;
    const int columns = c->output_columns, total = row_count * columns;
    int y = first_row, x = 0;  // the tile's first pixel
    for (int first = 0; first < total; first += width) {
        const int pixels = total - first < width ? total - first : width;
        const float *in[widest];
        float *out[widest];
        for (int p = 0, py = y, px = x; p < width; p++) {
            in[p] = c->input + (ptrdiff_t)py * c->stride_y * c->input_row_stride
                + (ptrdiff_t)px * c->stride_x * c->input_channels;
            out[p] = c->output + (ptrdiff_t)py * c->output_row_stride + (ptrdiff_t)px * c->output_channels;
            if (p + 1 < pixels && ++px == columns) { px = 0; py++; }
        }
        x += width;
        while (x >= columns) { x -= columns; y++; }
        for (int b = 0; b < blocks; b++) {
            const float *w = c->filters + b * block_floats, *bias = c->bias + b * block;
            const int channels = c->output_channels - b * block;
            float *shifted[widest];
            for (int p = 0; p < width; p++) shifted[p] = out[p] + b * block;
            if (block == 16) fk_conv_tile16(c, in, shifted, pixels, w, bias, channels);
            else tile1(c, in, shifted, pixels, w, bias);
        }
    }
}

void fk_conv_rows(const fk_conv *c, int first_row, int row_count) {
    if (fk_conv_has_simd()) fk_conv_rows_avx2(c, first_row, row_count);
    else fk_conv_rows_scalar(c, first_row, row_count);
}
