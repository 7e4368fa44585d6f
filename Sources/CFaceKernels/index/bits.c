// Tombstone bits: set by a writer, read by concurrent searches.
#include "IndexKernels.h"
#include <stdatomic.h>

void fk_bit_set(uint64_t *words, size_t i) {
    atomic_fetch_or_explicit((_Atomic uint64_t *)&words[i >> 6], (uint64_t)1 << (i & 63), memory_order_release);
}

int fk_bit_test(const uint64_t *words, size_t i) {
    uint64_t w = atomic_load_explicit((_Atomic uint64_t *)&words[i >> 6], memory_order_acquire);
    return (int)((w >> (i & 63)) & 1);
}
