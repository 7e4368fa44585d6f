// Channels-last direct convolution for the inference engine (Inference).
//
// Layout: a feature map stores each pixel's channels contiguously, pixels of
// a row contiguously, rows `row_stride` floats apart. Because of that, for one
// kernel row the taps (kx, c) of a pixel are one contiguous run of
// kernel_columns × input_channels floats, so the convolution needs no im2col:
// each output pixel is Σ over kernel rows of a dot product between that run
// and the packed filters. Zero padding is not handled here: the caller keeps
// a zero border around the input and points `input` at the padded origin.
//
// Packed filters (`block` output channels per block, the last block padded
// with zero filters):
//   [block b][kernel row ky][tap j = kx·input_channels + c][channel i < block]
// With block == 1 (one output channel only): [ky][j].
//
// Every entry point with a SIMD body has a plain `_scalar` twin: the path on
// CPUs without AVX2/FMA and the reference the tests compare against.
#pragma once
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// One convolution call: geometry, packed filters and the two feature maps.
typedef struct {
    /// The input value under tap (0, 0) of output pixel (0, 0), channel 0.
    const float *input;
    /// Floats from one input row to the next.
    ptrdiff_t input_row_stride;
    /// Floats per input pixel.
    int input_channels;
    int kernel_rows, kernel_columns;
    int stride_y, stride_x;
    /// Packed as described above.
    const float *filters;
    /// One per output channel, zero-padded to a whole number of blocks.
    const float *bias;
    int output_channels;
    /// Output channels per filter block: 16, or 1 (meant for one output channel).
    int block;
    /// Output pixel (0, 0), channel 0; output pixels hold `output_channels` floats.
    float *output;
    /// Floats from one output row to the next.
    ptrdiff_t output_row_stride;
    int output_columns;
    /// Nonzero: max(0, ·) after the bias.
    int relu;
} fk_conv;

/// 1 when the CPU and OS support AVX2 and FMA (the fast path of fk_conv_rows).
int fk_conv_has_simd(void);

/// Computes output rows first_row ..< first_row + row_count (every column),
/// with AVX2/FMA when available.
void fk_conv_rows(const fk_conv *conv, int first_row, int row_count);

/// The same with plain C arithmetic.
void fk_conv_rows_scalar(const fk_conv *conv, int first_row, int row_count);

// ---- Winograd F(2×2, 5×5) -------------------------------------------------
//
// A stride-1 5×5 convolution by 2×2 output tiles: each 6×6 input patch d
// becomes V = Bᵀ·d·B (36 values per channel), the filters were turned into
// U = G·g·Gᵀ once, the 36 products M[ξ] = Σ_c V[ξ][c]·U[ξ][c][o] are 36 small
// matrix products (fk_conv's 1×1 tiles), and Y = Aᵀ·M·A gives the 2×2
// outputs: 36 multiplications per tile and channel pair instead of 100.
// Interpolation points 0, ±1, ±2, ∞. AVX2/FMA only: without it, use fk_conv_rows.
//
// Transformed filters: for each ξ < 36, fk_conv 1×1 filters (block 16) of
// `fk_winograd_channels(output_channels)` outputs reading
// `fk_winograd_channels(input_channels)` inputs.

/// One Winograd convolution call.
typedef struct {
    /// The input value under tap (0, 0) of output pixel (0, 0), channel 0.
    const float *input;
    /// Floats from one input row to the next.
    ptrdiff_t input_row_stride;
    /// Readable input rows and columns from `input` (at least the output
    /// extent + 4 minus one for an odd extent); reads beyond them are zeros.
    int input_rows, input_columns;
    int input_channels;
    const float *filters;
    /// One per output channel.
    const float *bias;
    int output_channels;
    float *output;
    ptrdiff_t output_row_stride;
    int output_rows, output_columns;
    int relu;
} fk_winograd;

/// Channels rounded up to whole 8-lane vectors, as the transformed data keep them.
int fk_winograd_channels(int channels);

/// Floats of scratch one fk_winograd_rows call needs (per concurrent caller).
size_t fk_winograd_scratch_floats(const fk_winograd *w);

/// Computes output rows 2·first_tile_row ..< 2·(first_tile_row + tile_rows)
/// (clipped to output_rows), every column. Needs fk_conv_has_simd().
void fk_winograd_rows(const fk_winograd *w, int first_tile_row, int tile_rows, float *scratch);

#ifdef __cplusplus
}
#endif
