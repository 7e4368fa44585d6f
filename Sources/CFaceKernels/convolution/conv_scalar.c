// The plain C twin of conv_avx2.c: same packed filters, same summation order
// per output value (bias, then kernel rows, then the taps of each row).
#include "ConvolutionKernels.h"

void fk_conv_rows_scalar(const fk_conv *c, int first_row, int row_count) {
    const int run = c->kernel_columns * c->input_channels, block = c->block;
    const ptrdiff_t block_floats = (ptrdiff_t)c->kernel_rows * run * block;
    for (int y = first_row; y < first_row + row_count; y++) {
        for (int x = 0; x < c->output_columns; x++) {
            const float *in = c->input + (ptrdiff_t)y * c->stride_y * c->input_row_stride
                + (ptrdiff_t)x * c->stride_x * c->input_channels;
            float *out = c->output + (ptrdiff_t)y * c->output_row_stride + (ptrdiff_t)x * c->output_channels;
            for (int o = 0; o < c->output_channels; o++) {
                const float *w = c->filters + (o / block) * block_floats + o % block;
                float sum = c->bias[o];
                for (int ky = 0; ky < c->kernel_rows; ky++) {
                    const float *row = in + ky * c->input_row_stride;
                    for (int j = 0; j < run; j++) sum += row[j] * w[((ptrdiff_t)ky * run + j) * block];
                }
                out[o] = c->relu && sum < 0 ? 0 : sum;
            }
        }
    }
}
