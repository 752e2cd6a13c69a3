// AVX-512 block kernels; layouts as in ggml-common.h (see Sources/Tensor/Quant/BlockDequantize.swift).
#include "quant_kernels.h"

#include <immintrin.h>
#include <string.h>

int slm_quant_avx512_available(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw")
        && __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("f16c");
}

static inline float half_at(const uint8_t *p) {
    uint16_t h;
    memcpy(&h, p, 2);
    return _cvtsh_ss(h);
}

// Rows are done four at a time: four independent FMA chains hide the FMA latency and
// share each load of x.
#define ROW_GROUP 4

// Q4_0: 18 bytes / 32 values; value j = (lo(qs[j]) - 8)·d, value j+16 = (hi(qs[j]) - 8)·d.
static inline __m512 q4_0_partial(const uint8_t *block, __m512 x0, __m512 x1, __m512 acc) {
    const __m512i q = _mm512_cvtepu8_epi32(_mm_loadu_si128((const __m128i *)(block + 2)));
    const __m512i eight = _mm512_set1_epi32(8);
    const __m512 lo = _mm512_cvtepi32_ps(_mm512_sub_epi32(_mm512_and_si512(q, _mm512_set1_epi32(0x0F)), eight));
    const __m512 hi = _mm512_cvtepi32_ps(_mm512_sub_epi32(_mm512_srli_epi32(q, 4), eight));
    const __m512 t = _mm512_fmadd_ps(hi, x1, _mm512_mul_ps(lo, x0));
    return _mm512_fmadd_ps(t, _mm512_set1_ps(half_at(block)), acc);
}

void slm_matvec_q4_0(const uint8_t *w, size_t row_bytes, size_t rows, size_t blocks,
                     const float *x, float *y) {
    size_t r = 0;
    for (; r + ROW_GROUP <= rows; r += ROW_GROUP) {
        __m512 acc[ROW_GROUP];
        for (int k = 0; k < ROW_GROUP; k++) acc[k] = _mm512_setzero_ps();
        for (size_t b = 0; b < blocks; b++) {
            const __m512 x0 = _mm512_loadu_ps(x + 32 * b), x1 = _mm512_loadu_ps(x + 32 * b + 16);
            for (int k = 0; k < ROW_GROUP; k++)
                acc[k] = q4_0_partial(w + (r + k) * row_bytes + 18 * b, x0, x1, acc[k]);
        }
        for (int k = 0; k < ROW_GROUP; k++) y[r + k] = _mm512_reduce_add_ps(acc[k]);
    }
    for (; r < rows; r++) {
        __m512 acc = _mm512_setzero_ps();
        for (size_t b = 0; b < blocks; b++)
            acc = q4_0_partial(w + r * row_bytes + 18 * b, _mm512_loadu_ps(x + 32 * b),
                               _mm512_loadu_ps(x + 32 * b + 16), acc);
        y[r] = _mm512_reduce_add_ps(acc);
    }
}

// Q4_1: 20 bytes / 32 values; value = q·d + m, so dot = d·Σ q·x + m·Σ x.
static inline __m512 q4_1_partial(const uint8_t *block, __m512 x0, __m512 x1, __m512 acc) {
    const __m512i q = _mm512_cvtepu8_epi32(_mm_loadu_si128((const __m128i *)(block + 4)));
    const __m512 lo = _mm512_cvtepi32_ps(_mm512_and_si512(q, _mm512_set1_epi32(0x0F)));
    const __m512 hi = _mm512_cvtepi32_ps(_mm512_srli_epi32(q, 4));
    const __m512 t = _mm512_fmadd_ps(hi, x1, _mm512_mul_ps(lo, x0));
    return _mm512_fmadd_ps(t, _mm512_set1_ps(half_at(block)), acc);
}

void slm_matvec_q4_1(const uint8_t *w, size_t row_bytes, size_t rows, size_t blocks,
                     const float *x, const float *x_block_sums, float *y) {
    size_t r = 0;
    for (; r + ROW_GROUP <= rows; r += ROW_GROUP) {
        __m512 acc[ROW_GROUP];
        float mins[ROW_GROUP] = {0};
        for (int k = 0; k < ROW_GROUP; k++) acc[k] = _mm512_setzero_ps();
        for (size_t b = 0; b < blocks; b++) {
            const __m512 x0 = _mm512_loadu_ps(x + 32 * b), x1 = _mm512_loadu_ps(x + 32 * b + 16);
            for (int k = 0; k < ROW_GROUP; k++) {
                const uint8_t *block = w + (r + k) * row_bytes + 20 * b;
                acc[k] = q4_1_partial(block, x0, x1, acc[k]);
                mins[k] += half_at(block + 2) * x_block_sums[b];
            }
        }
        for (int k = 0; k < ROW_GROUP; k++) y[r + k] = _mm512_reduce_add_ps(acc[k]) + mins[k];
    }
    for (; r < rows; r++) {
        __m512 acc = _mm512_setzero_ps();
        float min = 0;
        for (size_t b = 0; b < blocks; b++) {
            const uint8_t *block = w + r * row_bytes + 20 * b;
            acc = q4_1_partial(block, _mm512_loadu_ps(x + 32 * b), _mm512_loadu_ps(x + 32 * b + 16), acc);
            min += half_at(block + 2) * x_block_sums[b];
        }
        y[r] = _mm512_reduce_add_ps(acc) + min;
    }
}

// Q8_0: 34 bytes / 32 values; value = q·d with q int8.
static inline __m512 q8_0_partial(const uint8_t *block, __m512 x0, __m512 x1, __m512 acc) {
    const __m512 w0 = _mm512_cvtepi32_ps(_mm512_cvtepi8_epi32(_mm_loadu_si128((const __m128i *)(block + 2))));
    const __m512 w1 = _mm512_cvtepi32_ps(_mm512_cvtepi8_epi32(_mm_loadu_si128((const __m128i *)(block + 18))));
    const __m512 t = _mm512_fmadd_ps(w1, x1, _mm512_mul_ps(w0, x0));
    return _mm512_fmadd_ps(t, _mm512_set1_ps(half_at(block)), acc);
}

void slm_matvec_q8_0(const uint8_t *w, size_t row_bytes, size_t rows, size_t blocks,
                     const float *x, float *y) {
    size_t r = 0;
    for (; r + ROW_GROUP <= rows; r += ROW_GROUP) {
        __m512 acc[ROW_GROUP];
        for (int k = 0; k < ROW_GROUP; k++) acc[k] = _mm512_setzero_ps();
        for (size_t b = 0; b < blocks; b++) {
            const __m512 x0 = _mm512_loadu_ps(x + 32 * b), x1 = _mm512_loadu_ps(x + 32 * b + 16);
            for (int k = 0; k < ROW_GROUP; k++)
                acc[k] = q8_0_partial(w + (r + k) * row_bytes + 34 * b, x0, x1, acc[k]);
        }
        for (int k = 0; k < ROW_GROUP; k++) y[r + k] = _mm512_reduce_add_ps(acc[k]);
    }
    for (; r < rows; r++) {
        __m512 acc = _mm512_setzero_ps();
        for (size_t b = 0; b < blocks; b++)
            acc = q8_0_partial(w + r * row_bytes + 34 * b, _mm512_loadu_ps(x + 32 * b),
                               _mm512_loadu_ps(x + 32 * b + 16), acc);
        y[r] = _mm512_reduce_add_ps(acc);
    }
}

void slm_dequantize_q4_0(const uint8_t *w, size_t row_bytes, size_t rows, size_t blocks, float *out) {
    for (size_t r = 0; r < rows; r++) {
        for (size_t b = 0; b < blocks; b++) {
            const uint8_t *block = w + r * row_bytes + 18 * b;
            const __m512 d = _mm512_set1_ps(half_at(block));
            const __m512i q = _mm512_cvtepu8_epi32(_mm_loadu_si128((const __m128i *)(block + 2)));
            const __m512i eight = _mm512_set1_epi32(8);
            float *y = out + (r * blocks + b) * 32;
            _mm512_storeu_ps(y, _mm512_mul_ps(_mm512_cvtepi32_ps(_mm512_sub_epi32(_mm512_and_si512(q, _mm512_set1_epi32(0x0F)), eight)), d));
            _mm512_storeu_ps(y + 16, _mm512_mul_ps(_mm512_cvtepi32_ps(_mm512_sub_epi32(_mm512_srli_epi32(q, 4), eight)), d));
        }
    }
}

void slm_dequantize_q4_1(const uint8_t *w, size_t row_bytes, size_t rows, size_t blocks, float *out) {
    for (size_t r = 0; r < rows; r++) {
        for (size_t b = 0; b < blocks; b++) {
            const uint8_t *block = w + r * row_bytes + 20 * b;
            const __m512 d = _mm512_set1_ps(half_at(block)), m = _mm512_set1_ps(half_at(block + 2));
            const __m512i q = _mm512_cvtepu8_epi32(_mm_loadu_si128((const __m128i *)(block + 4)));
            float *y = out + (r * blocks + b) * 32;
            // ggml rounds q·d then adds m (no fused multiply-add), so this does too.
            _mm512_storeu_ps(y, _mm512_add_ps(_mm512_mul_ps(_mm512_cvtepi32_ps(_mm512_and_si512(q, _mm512_set1_epi32(0x0F))), d), m));
            _mm512_storeu_ps(y + 16, _mm512_add_ps(_mm512_mul_ps(_mm512_cvtepi32_ps(_mm512_srli_epi32(q, 4)), d), m));
        }
    }
}

void slm_dequantize_q8_0(const uint8_t *w, size_t row_bytes, size_t rows, size_t blocks, float *out) {
    for (size_t r = 0; r < rows; r++) {
        for (size_t b = 0; b < blocks; b++) {
            const uint8_t *block = w + r * row_bytes + 34 * b;
            const __m512 d = _mm512_set1_ps(half_at(block));
            float *y = out + (r * blocks + b) * 32;
            _mm512_storeu_ps(y, _mm512_mul_ps(_mm512_cvtepi32_ps(_mm512_cvtepi8_epi32(_mm_loadu_si128((const __m128i *)(block + 2)))), d));
            _mm512_storeu_ps(y + 16, _mm512_mul_ps(_mm512_cvtepi32_ps(_mm512_cvtepi8_epi32(_mm_loadu_si128((const __m128i *)(block + 18)))), d));
        }
    }
}
