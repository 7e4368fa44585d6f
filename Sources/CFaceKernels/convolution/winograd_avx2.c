// Winograd F(2×2, 5×5) for stride-1 5×5 convolutions (see ConvolutionKernels.h).
// Per band of tile rows, tiles are taken in blocks of `block_tiles` along a row:
//
//   input ──Bᵀ·d·B per tile, 8 channels at a time──▶ V[ξ][tile][c]   (scratch)
//   V[ξ] · U[ξ] for each of the 36 ξ (fk_conv 1×1 tiles) ──▶ M[ξ][tile][o]
//   M ──Aᵀ·M·A + bias (+ReLU) per tile──▶ the 2×2 output pixels
//
// Bᵀ = [4 0 −5 0 1 0; 0 −4 −4 1 1 0; 0 4 −4 −1 1 0; 0 −2 −1 2 1 0; 0 2 −1 −2 1 0; 0 4 0 −5 0 1],
// Aᵀ = [1 1 1 1 1 0; 0 1 −1 2 −2 1] (points 0, ±1, ±2, ∞). V and M keep
// channels rounded up to 8 (the extra ones are zero), so every vector access
// inside them is whole; the input and output maps are read and written with
// masks on their last channels.
#include "conv_internal.h"
#include <immintrin.h>

#define AVX2 __attribute__((target("avx2,fma")))

enum { points = 36, block_tiles = 16 };

int fk_winograd_channels(int channels) { return (channels + 7) & ~7; }

static int bias_floats(int output_channels) { return (fk_winograd_channels(output_channels) + 15) & ~15; }

size_t fk_winograd_scratch_floats(const fk_winograd *w) {
    const int in = fk_winograd_channels(w->input_channels), out = fk_winograd_channels(w->output_channels);
    return (size_t)points * block_tiles * (in + out) + (size_t)(2 * block_tiles + 4) * 6 * in
        + bias_floats(w->output_channels) + in;
}

static inline AVX2 __m256i lanes(int valid) {
    return _mm256_cmpgt_epi32(_mm256_set1_epi32(valid), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
}

/// t = Bᵀ·d for six vectors d[0], d[s], …, d[5s]; results t[0], t[ts], …
static inline AVX2 void input_1d(const __m256 *d, int s, __m256 *t, int ts) {
    const __m256 two = _mm256_set1_ps(2), four = _mm256_set1_ps(4), five = _mm256_set1_ps(5);
    const __m256 d0 = d[0], d1 = d[s], d2 = d[2 * s], d3 = d[3 * s], d4 = d[4 * s], d5 = d[5 * s];
    t[0] = _mm256_fmadd_ps(four, d0, _mm256_fnmadd_ps(five, d2, d4));
    t[ts] = _mm256_fnmadd_ps(four, _mm256_add_ps(d1, d2), _mm256_add_ps(d3, d4));
    t[2 * ts] = _mm256_fmadd_ps(four, _mm256_sub_ps(d1, d2), _mm256_sub_ps(d4, d3));
    t[3 * ts] = _mm256_fmadd_ps(two, _mm256_sub_ps(d3, d1), _mm256_sub_ps(d4, d2));
    t[4 * ts] = _mm256_fmadd_ps(two, _mm256_sub_ps(d1, d3), _mm256_sub_ps(d4, d2));
    t[5 * ts] = _mm256_fmadd_ps(four, d1, _mm256_fnmadd_ps(five, d3, d5));
}

/// (y0, y1) = Aᵀ·m for six vectors m[0], m[s], …, m[5s].
static inline AVX2 void output_1d(const __m256 *m, int s, __m256 *y0, __m256 *y1) {
    const __m256 m1 = m[s], m2 = m[2 * s], m3 = m[3 * s], m4 = m[4 * s];
    *y0 = _mm256_add_ps(_mm256_add_ps(m[0], _mm256_add_ps(m1, m2)), _mm256_add_ps(m3, m4));
    *y1 = _mm256_add_ps(_mm256_fmadd_ps(_mm256_set1_ps(2), _mm256_sub_ps(m3, m4), _mm256_sub_ps(m1, m2)), m[5 * s]);
}

/// V[ξ][tile][c] for `tiles` tiles of tile row `ty` from tile column `tx`.
/// The transform along the six rows is done once per input column (a column
/// serves up to three overlapping tiles) into `columns`, then along each tile's
/// six columns.
static AVX2 void transform_input(const fk_winograd *w, int ty, int tx, int tiles, float *v, float *columns,
                                 const float *zero) {
    const int channels = w->input_channels, stride = fk_winograd_channels(channels);
    const int first = 2 * tx, count = 2 * tiles + 4;
    for (int j = 0; j < count; j++) {
        const int column = first + j;
        const float *pixel[6];
        for (int i = 0; i < 6; i++) {
            const int row = 2 * ty + i;
            pixel[i] = row < w->input_rows && column < w->input_columns
                ? w->input + row * w->input_row_stride + (ptrdiff_t)column * channels : zero;
        }
        for (int c = 0; c < stride; c += 8) {
            const __m256i mask = lanes(channels - c);
            __m256 d[6], t[6];
            for (int i = 0; i < 6; i++) d[i] = _mm256_maskload_ps(pixel[i] + c, mask);
            input_1d(d, 1, t, 1);
            for (int i = 0; i < 6; i++) _mm256_storeu_ps(columns + ((size_t)j * 6 + i) * stride + c, t[i]);
        }
    }
    for (int t = 0; t < tiles; t++) {
        for (int c = 0; c < stride; c += 8) {
            for (int i = 0; i < 6; i++) {
                __m256 d[6], u[6];
                for (int j = 0; j < 6; j++) d[j] = _mm256_loadu_ps(columns + ((size_t)(2 * t + j) * 6 + i) * stride + c);
                input_1d(d, 1, u, 1);
                for (int k = 0; k < 6; k++) _mm256_storeu_ps(v + ((size_t)(i * 6 + k) * block_tiles + t) * stride + c, u[k]);
            }
        }
    }
}

/// The 2×2 outputs of `tiles` tiles from M[ξ][tile][o], with bias and ReLU.
static AVX2 void transform_output(const fk_winograd *w, int ty, int tx, int tiles, const float *m) {
    const int channels = w->output_channels, stride = fk_winograd_channels(channels);
    for (int t = 0; t < tiles; t++) {
        for (int o = 0; o < stride; o += 8) {
            const __m256i mask = lanes(channels - o);
            __m256 x[36], s[12];
            for (int k = 0; k < 36; k++) x[k] = _mm256_loadu_ps(m + ((size_t)k * block_tiles + t) * stride + o);
            for (int i = 0; i < 6; i++) output_1d(x + 6 * i, 1, s + i, s + 6 + i);  // rows → s[i], s[6+i]
            __m256 y[4];
            output_1d(s, 1, y, y + 2);       // column 0 of the tile: y[0] (row 0), y[2] (row 1)
            output_1d(s + 6, 1, y + 1, y + 3); // column 1
            const __m256 bias = _mm256_maskload_ps(w->bias + o, mask);
            for (int k = 0; k < 4; k++) {
                const int row = 2 * ty + k / 2, column = 2 * (tx + t) + k % 2;
                if (row >= w->output_rows || column >= w->output_columns) continue;
                __m256 value = _mm256_add_ps(y[k], bias);
                if (w->relu) value = _mm256_max_ps(value, _mm256_setzero_ps());
                _mm256_maskstore_ps(w->output + row * w->output_row_stride + (ptrdiff_t)column * channels + o, mask, value);
            }
        }
    }
}

/// M[ξ] = V[ξ]·U[ξ] for `tiles` tiles, 6 tiles × 16 channels at a time.
static AVX2 void multiply(const fk_conv *product, const float *v, float *m, int tiles, const float *u,
                          const float *zero_bias) {
    const int in = product->input_channels, out = product->output_channels;
    for (int first = 0; first < tiles; first += 6) {
        const int count = tiles - first < 6 ? tiles - first : 6;
        const float *rows[6];
        float *results[6];
        for (int p = 0; p < 6; p++) rows[p] = v + (size_t)(first + (p < count ? p : count - 1)) * in;
        for (int b = 0; b * 16 < out; b++) {
            for (int p = 0; p < 6; p++) results[p] = m + (size_t)(first + p) * out + b * 16;
            fk_conv_tile16(product, rows, results, count, u + (size_t)b * in * 16, zero_bias + b * 16, out - b * 16);
        }
    }
}

AVX2 void fk_winograd_rows(const fk_winograd *w, int first_tile_row, int tile_rows, float *scratch) {
    const int in = fk_winograd_channels(w->input_channels), out = fk_winograd_channels(w->output_channels);
    float *v = scratch, *m = v + (size_t)points * block_tiles * in;
    float *columns = m + (size_t)points * block_tiles * out;
    float *zero_bias = columns + (size_t)(2 * block_tiles + 4) * 6 * in;
    float *zero_pixel = zero_bias + bias_floats(w->output_channels);
    for (int i = 0; i < bias_floats(w->output_channels); i++) zero_bias[i] = 0;
    for (int i = 0; i < in; i++) zero_pixel[i] = 0;
    const int across = (w->output_columns + 1) / 2, down = (w->output_rows + 1) / 2;
    const size_t filter_floats = (size_t)((out + 15) / 16) * in * 16;
    // The 36 products are 1×1 convolutions of the tiles' V rows.
    const fk_conv product = {.input_channels = in, .kernel_rows = 1, .kernel_columns = 1, .output_channels = out};
    for (int ty = first_tile_row; ty < first_tile_row + tile_rows && ty < down; ty++) {
        for (int tx = 0; tx < across; tx += block_tiles) {
            const int tiles = across - tx < block_tiles ? across - tx : block_tiles;
            transform_input(w, ty, tx, tiles, v, columns, zero_pixel);
            for (int k = 0; k < points; k++) multiply(&product, v + (size_t)k * block_tiles * in,
                                                      m + (size_t)k * block_tiles * out, tiles,
                                                      w->filters + k * filter_floats, zero_bias);
            transform_output(w, ty, tx, tiles, m);
        }
    }
}
