// Loads shared by the packed (row-interleaved) kernels.
#ifndef SLM_PACKED_LOADS_H
#define SLM_PACKED_LOADS_H

#include <immintrin.h>
#include <stdint.h>
#include <string.h>

/// The 16 rows' f16 scales at p as floats.
static inline __m512 scales_at(const uint8_t *p) {
    return _mm512_cvtph_ps(_mm256_loadu_si256((const __m256i *)p));
}

/// Four activation bytes at x in every 32-bit lane (one VNNI operand for 16 rows).
static inline __m512i x4_at(const void *x) {
    int32_t four;
    memcpy(&four, x, 4);
    return _mm512_set1_epi32(four);
}

#endif
