// CPU feature check for the runtime dispatch of the SIMD kernels.
#include "IndexKernels.h"
#include <cpuid.h>
#include <stdatomic.h>

static int detect(void) {
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return FK_SCALAR;
    int osxsave = (c >> 27) & 1, avx = (c >> 28) & 1, fma = (c >> 12) & 1, f16c = (c >> 29) & 1;
    if (!(osxsave && avx && fma && f16c)) return FK_SCALAR;
    unsigned lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    if ((lo & 6) != 6) return FK_SCALAR; // the OS must save YMM state
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return FK_SCALAR;
    if (!((b >> 5) & 1)) return FK_SCALAR;
    int avx512 = ((b >> 16) & 1) && ((b >> 30) & 1) && ((b >> 31) & 1); // F, BW, VL
    int vnni = (c >> 11) & 1;
    int zmm_state = (lo & 0xE0) == 0xE0; // opmask and all ZMM registers saved by the OS
    return avx512 && vnni && zmm_state ? FK_AVX512_VNNI : FK_AVX2;
}

static _Atomic int detected = -1;
static _Atomic int cap = FK_AVX512_VNNI;

int fk_cpu_level(void) {
    int v = atomic_load_explicit(&detected, memory_order_relaxed);
    if (v < 0) {
        v = detect();
        atomic_store_explicit(&detected, v, memory_order_relaxed);
    }
    int limit = atomic_load_explicit(&cap, memory_order_relaxed);
    return v < limit ? v : limit;
}

void fk_cpu_cap_level(int level) { atomic_store_explicit(&cap, level, memory_order_relaxed); }

int fk_cpu_has_avx2(void) { return fk_cpu_level() >= FK_AVX2; }
