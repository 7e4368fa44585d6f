// Row encoder: x − mean as a 16-bit fixed-point code, stored as two byte
// planes so the scan reads only the coarse one.
//
//   c_j  = round((x_j − mean_j) / s), |c_j| ≤ 32639, s = Δ/256
//   h_j  = round(c_j / 256) in [−127, 127]   (coarse plane, scanned)
//   l_j  = c_j − 256·h_j  in [−128, 127]     (fine plane, read for candidates)
//
// The two residual norms are computed from the exact float inputs in double
// and rounded up, so every score bound derived from them is conservative.
// The coarse plane is blocked (see IndexKernels.h); the fine plane is row-major.
#include "IndexKernels.h"
#include <math.h>

enum { CODE_LIMIT = 32639 }; // 127·256 + 127: keeps h within ±127

static float round_up_float(double v) {
    float f = (float)v;
    if ((double)f < v) f = nextafterf(f, INFINITY);
    return f;
}

float fk_encode_rows(const float *x, size_t n, size_t dim, size_t pd,
                     const float *mean, fk_code_rows out) {
    double largest = 0;
    for (size_t i = 0; i < n; i++) {
        const float *row = x + i * dim;
        int8_t hi[pd];
        int8_t *lo = out.lo + i * pd;
        double maxabs = 0;
        for (size_t j = 0; j < dim; j++) {
            double d = fabs((double)row[j] - (double)mean[j]);
            if (d > maxabs) maxabs = d;
        }
        // Δ is a float, so s = Δ/256 and every s·c are exact in double.
        float delta = maxabs > 0 ? (float)(maxabs * 256.0 / CODE_LIMIT) : 1.0f;
        double s = (double)delta / 256.0;
        double hi_sq = 0, code_sq = 0, hi_norm_sq = 0;
        for (size_t j = 0; j < dim; j++) {
            double d = (double)row[j] - (double)mean[j];
            double c = nearbyint(d / s);
            if (c > CODE_LIMIT) c = CODE_LIMIT;
            if (c < -CODE_LIMIT) c = -CODE_LIMIT;
            int code = (int)c;
            int h = (code + 128) >> 8; // floor((c + 128) / 256): round half up
            hi[j] = (int8_t)h;
            lo[j] = (int8_t)(code - 256 * h);
            double eh = d - (double)delta * h, ec = d - s * code;
            hi_sq += eh * eh;
            code_sq += ec * ec;
            hi_norm_sq += ((double)delta * h) * ((double)delta * h);
        }
        for (size_t j = dim; j < pd; j++) hi[j] = lo[j] = 0;
        fk_hi_write_row(out.hi, pd, i, hi);
        // 1 + 1e-12 covers the double rounding of the sums and square roots.
        out.hi_scale[i] = delta;
        out.hi_residual[i] = fk_f16_round_up(round_up_float(sqrt(hi_sq) * (1 + 1e-12)));
        out.code_residual[i] = fk_f16_round_up(round_up_float(sqrt(code_sq) * (1 + 1e-12)));
        double hn = sqrt(hi_norm_sq) * (1 + 1e-12);
        if (hn > largest) largest = hn;
    }
    int8_t zero[pd];
    for (size_t j = 0; j < pd; j++) zero[j] = 0;
    for (size_t i = n; i % FK_BLOCK_ROWS != 0; i++) fk_hi_write_row(out.hi, pd, i, zero);
    return round_up_float(largest);
}

void fk_hi_read_row(const int8_t *plane, size_t pd, size_t row, int8_t *out) {
    for (size_t j = 0; j < pd; j++) out[j] = plane[fk_hi_index(pd, row, j)];
}

void fk_hi_write_row(int8_t *plane, size_t pd, size_t row, const int8_t *in) {
    for (size_t j = 0; j < pd; j++) plane[fk_hi_index(pd, row, j)] = in[j];
}
