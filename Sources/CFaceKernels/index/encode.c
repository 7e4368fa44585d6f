// Row encoder: x − mean as a 16-bit fixed-point code, stored as two byte
// planes so the scan reads only the coarse one.
//
//   c_j  = round((x_j − mean_j) / s), |c_j| ≤ 32639, s = Δ/256
//   h_j  = round(c_j / 256) in [−127, 127]   (coarse plane, scanned)
//   l_j  = c_j − 256·h_j  in [−128, 127]     (fine plane, read for candidates)
//   h_j  = 16·(t_j − 8) + b_j, nibbles        (t scanned first, b for survivors)
//
// The residual norms are computed from the exact float inputs in double
// and rounded up, so every score bound derived from them is conservative.
#include "IndexKernels.h"
#include <math.h>

enum { CODE_LIMIT = 32639 }; // 127·256 + 127: keeps h within ±127

static float round_up_float(double v) {
    float f = (float)v;
    if ((double)f < v) f = nextafterf(f, INFINITY);
    return f;
}

// Component j of a nibble row: byte j (low four bits) or j − pd/2 (high four).
static void put_nibble(uint8_t *row, size_t pd, size_t j, unsigned v) {
    size_t w = pd / 2;
    if (j < w) row[j] = (uint8_t)((row[j] & 0xF0) | v);
    else row[j - w] = (uint8_t)((row[j - w] & 0x0F) | (v << 4));
}

static unsigned get_nibble(const uint8_t *row, size_t pd, size_t j) {
    size_t w = pd / 2;
    return j < w ? row[j] & 0x0F : row[j - w] >> 4;
}

void fk_unpack_hi(const uint8_t *top, const uint8_t *bottom, size_t pd, int8_t *h) {
    for (size_t j = 0; j < pd; j++) {
        h[j] = (int8_t)(16 * ((int)get_nibble(top, pd, j) - 8) + (int)get_nibble(bottom, pd, j));
    }
}

fk_code_extent fk_encode_rows(const float *x, size_t n, size_t dim, size_t pd,
                              const float *mean, fk_code_rows out) {
    double largest = 0, largest_bottom = 0;
    for (size_t i = 0; i < n; i++) {
        const float *row = x + i * dim;
        int8_t *lo = out.lo + i * pd;
        uint8_t *top = out.top + i * (pd / 2), *bottom = out.bottom + i * (pd / 2);
        double maxabs = 0;
        for (size_t j = 0; j < dim; j++) {
            double d = fabs((double)row[j] - (double)mean[j]);
            if (d > maxabs) maxabs = d;
        }
        // Δ is a float, so s = Δ/256 and every s·c are exact in double. A row
        // equal to the mean gets Δ = 0: all codes 0, every residual 0.
        float delta = maxabs > 0 ? (float)(maxabs * 256.0 / CODE_LIMIT) : 0.0f;
        double s = (double)delta / 256.0;
        double hi_sq = 0, code_sq = 0, hi_norm_sq = 0, bottom_sq = 0;
        for (size_t j = 0; j < dim; j++) {
            double d = (double)row[j] - (double)mean[j];
            double c = s > 0 ? nearbyint(d / s) : 0;
            if (c > CODE_LIMIT) c = CODE_LIMIT;
            if (c < -CODE_LIMIT) c = -CODE_LIMIT;
            int code = (int)c;
            int h = (code + 128) >> 8; // floor((c + 128) / 256): round half up
            put_nibble(top, pd, j, (unsigned)((h >> 4) + 8));
            put_nibble(bottom, pd, j, (unsigned)(h & 15));
            bottom_sq += ((h & 15) - 7.5) * ((h & 15) - 7.5);
            lo[j] = (int8_t)(code - 256 * h);
            double eh = d - (double)delta * h, ec = d - s * code;
            hi_sq += eh * eh;
            code_sq += ec * ec;
            hi_norm_sq += ((double)delta * h) * ((double)delta * h);
        }
        for (size_t j = dim; j < pd; j++) {
            put_nibble(top, pd, j, 8);
            put_nibble(bottom, pd, j, 0);
            lo[j] = 0;
        }
        // 1 + 1e-12 covers the double rounding of the sums and square roots.
        double hi_res = sqrt(hi_sq) * (1 + 1e-12), bottom_norm = (double)delta * sqrt(bottom_sq) * (1 + 1e-12);
        out.hi_scale[i] = delta;
        out.hi_residual[i] = fk_f16_round_up(round_up_float(hi_res));
        out.top_residual[i] = fk_f16_round_up(round_up_float((hi_res + bottom_norm) * (1 + 1e-15)));
        out.code_residual[i] = fk_f16_round_up(round_up_float(sqrt(code_sq) * (1 + 1e-12)));
        double hn = sqrt(hi_norm_sq) * (1 + 1e-12);
        if (hn > largest) largest = hn;
        if (bottom_norm > largest_bottom) largest_bottom = bottom_norm;
    }
    return (fk_code_extent){round_up_float(largest), round_up_float(largest_bottom)};
}
