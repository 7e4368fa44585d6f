// IEEE half conversions for stored error bounds. Bounds must never shrink, so
// the float → half direction rounds towards +infinity.
#include "IndexKernels.h"
#include <math.h>
#include <string.h>

float fk_f16_to_f32(uint16_t h) {
    uint32_t sign = (uint32_t)(h & 0x8000) << 16, exp = (h >> 10) & 0x1f, man = h & 0x3ff;
    float v;
    if (exp == 0) {
        v = ldexpf((float)man, -24);
    } else if (exp == 31) {
        v = man ? NAN : INFINITY;
    } else {
        v = ldexpf((float)(man | 0x400), (int)exp - 25);
    }
    uint32_t bits;
    memcpy(&bits, &v, 4);
    bits |= sign;
    memcpy(&v, &bits, 4);
    return v;
}

// Half with the largest value ≤ |x| by truncation, for x ≥ 0 finite.
static uint16_t truncate_positive(float x) {
    if (x >= 65520.0f) return 0x7bff; // largest finite half
    int e;
    float m = frexpf(x, &e); // x = m·2^e, m in [0.5, 1)
    if (x == 0.0f) return 0;
    if (e >= -13) { // normal half: exponent field e + 14
        uint32_t man = (uint32_t)(m * 2048.0f) - 1024; // 10 fraction bits, truncated
        return (uint16_t)(((uint32_t)(e + 14) << 10) | man);
    }
    return (uint16_t)(x * 16777216.0f); // subnormal: units of 2^-24, truncated
}

uint16_t fk_f16_round_up(float x) {
    if (isnan(x)) return 0x7e00;
    if (x < 0.0f) return 0x8000 | truncate_positive(-x); // towards zero is up
    if (isinf(x) || x > 65504.0f) return 0x7c00;
    uint16_t h = truncate_positive(x);
    if (fk_f16_to_f32(h) < x) h += 1; // next half up (carries into the exponent correctly)
    return h;
}
