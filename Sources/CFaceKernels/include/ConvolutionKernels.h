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

#ifdef __cplusplus
}
#endif
