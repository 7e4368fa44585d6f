// Entry points shared between the convolution kernels, not exported.
#pragma once
#include "ConvolutionKernels.h"

/// fk_conv_rows' AVX2/FMA body (the caller has checked fk_conv_has_simd()).
void fk_conv_rows_avx2(const fk_conv *conv, int first_row, int row_count);

/// The 6-pixel × 16-channel register tile of fk_conv_rows_avx2: output
/// pixels out[p] (p < pixels; `in` holds 6 pointers) of the block whose
/// packed filters start at `filters`, `channels` of its 16 channels stored.
void fk_conv_tile16(const fk_conv *conv, const float *const *in, float *const *out, int pixels,
                    const float *filters, const float *bias, int channels);
