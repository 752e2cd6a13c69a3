// AVX-512 block kernels; layouts as in ggml-common.h (see Sources/Tensor/Quant/BlockDequantize.swift).
#include "quant_kernels.h"

#include <immintrin.h>
#include <string.h>

int slm_quant_avx512_available(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw")
        && __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("f16c");
}

int slm_quant_vnni_available(void) {
    __builtin_cpu_init();
    return slm_quant_avx512_available() && __builtin_cpu_supports("avx512vnni");
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

// ---- Integer kernels: activations quantized to int8 per block of 32 (llama.cpp's Q8_1). ----

void slm_quantize_activations(const float *x, size_t blocks, int8_t *q, float *scale, float *scaled_sum) {
    for (size_t b = 0; b < blocks; b++) {
        const __m512 v0 = _mm512_loadu_ps(x + 32 * b), v1 = _mm512_loadu_ps(x + 32 * b + 16);
        const float amax = _mm512_reduce_max_ps(_mm512_max_ps(_mm512_abs_ps(v0), _mm512_abs_ps(v1)));
        const float d = amax / 127.0f;
        const __m512 inv = _mm512_set1_ps(d != 0.0f ? 1.0f / d : 0.0f);
        const __m512i q0 = _mm512_cvtps_epi32(_mm512_mul_ps(v0, inv));
        const __m512i q1 = _mm512_cvtps_epi32(_mm512_mul_ps(v1, inv));
        _mm_storeu_si128((__m128i *)(q + 32 * b), _mm512_cvtsepi32_epi8(q0));
        _mm_storeu_si128((__m128i *)(q + 32 * b + 16), _mm512_cvtsepi32_epi8(q1));
        scale[b] = d;
        scaled_sum[b] = d * (float)_mm512_reduce_add_epi32(_mm512_add_epi32(q0, q1));
    }
}

// The 32 nibbles of a Q4 block as bytes in value order: low nibbles (values 0–15), then
// high nibbles (values 16–31).
static inline __m256i q4_values(const uint8_t *qs) {
    const __m128i packed = _mm_loadu_si128((const __m128i *)qs);
    const __m128i mask = _mm_set1_epi8(0x0F);
    const __m128i lo = _mm_and_si128(packed, mask);
    const __m128i hi = _mm_and_si128(_mm_srli_epi16(packed, 4), mask);
    return _mm256_inserti128_si256(_mm256_castsi128_si256(lo), hi, 1);
}

// Σ over the block of (unsigned byte w) · (signed byte x), as 8 int32 lanes turned to float.
static inline __m256 dot_u8_i8(__m256i w, const int8_t *x) {
    return _mm256_cvtepi32_ps(_mm256_dpbusd_epi32(_mm256_setzero_si256(), w, _mm256_loadu_si256((const __m256i *)x)));
}

static inline float sum8(__m256 v) {
    const __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    const __m128 s2 = _mm_add_ps(s, _mm_movehl_ps(s, s));
    return _mm_cvtss_f32(_mm_add_ss(s2, _mm_movehdup_ps(s2)));
}

// `group` (≤ ROW_GROUP) rows of a Q4_0 or Q4_1 matrix against int8 activations.
// Q4_0: Σ (q − 8)·d·xq·dx = d·dx·Σ q·xq − 8·d·(dx·Σ xq).
// Q4_1: Σ (q·d + m)·xq·dx = d·dx·Σ q·xq + m·(dx·Σ xq).
// Always inlined with a constant `group`, so the full groups get straight-line code.
static inline __attribute__((always_inline)) void q4_q8_rows(
        const uint8_t *w, size_t row_bytes, size_t blocks, int group, int has_min,
        const int8_t *xq, const float *x_scale, const float *x_scaled_sum, float *y) {
    const size_t block_bytes = has_min ? 20 : 18, qs_offset = has_min ? 4 : 2;
    __m256 acc[ROW_GROUP];
    float mins[ROW_GROUP] = {0};
    for (int k = 0; k < group; k++) acc[k] = _mm256_setzero_ps();
    for (size_t b = 0; b < blocks; b++) {
        for (int k = 0; k < group; k++) {
            const uint8_t *block = w + k * row_bytes + block_bytes * b;
            const float d = half_at(block);
            acc[k] = _mm256_fmadd_ps(dot_u8_i8(q4_values(block + qs_offset), xq + 32 * b),
                                     _mm256_set1_ps(d * x_scale[b]), acc[k]);
            mins[k] += (has_min ? half_at(block + 2) : -8.0f * d) * x_scaled_sum[b];
        }
    }
    for (int k = 0; k < group; k++) y[k] = sum8(acc[k]) + mins[k];
}

static inline __attribute__((always_inline)) void q4_q8_matvec(
        const uint8_t *w, size_t row_bytes, size_t rows, size_t blocks, int has_min,
        const int8_t *xq, const float *x_scale, const float *x_scaled_sum, float *y) {
    size_t r = 0;
    for (; r + ROW_GROUP <= rows; r += ROW_GROUP)
        q4_q8_rows(w + r * row_bytes, row_bytes, blocks, ROW_GROUP, has_min, xq, x_scale, x_scaled_sum, y + r);
    for (; r < rows; r++)
        q4_q8_rows(w + r * row_bytes, row_bytes, blocks, 1, has_min, xq, x_scale, x_scaled_sum, y + r);
}

void slm_matvec_q4_0_q8(const uint8_t *w, size_t row_bytes, size_t rows, size_t blocks,
                        const int8_t *xq, const float *x_scale, const float *x_scaled_sum, float *y) {
    q4_q8_matvec(w, row_bytes, rows, blocks, 0, xq, x_scale, x_scaled_sum, y);
}

void slm_matvec_q4_1_q8(const uint8_t *w, size_t row_bytes, size_t rows, size_t blocks,
                        const int8_t *xq, const float *x_scale, const float *x_scaled_sum, float *y) {
    q4_q8_matvec(w, row_bytes, rows, blocks, 1, xq, x_scale, x_scaled_sum, y);
}

// Q8_0: Σ qw·d·xq·dx; vpdpbusd multiplies unsigned by signed bytes, so take |qw| and move
// qw's sign onto xq.
static inline __attribute__((always_inline)) void q8_q8_rows(
        const uint8_t *w, size_t row_bytes, size_t blocks, int group,
        const int8_t *xq, const float *x_scale, float *y) {
    __m256 acc[ROW_GROUP];
    for (int k = 0; k < group; k++) acc[k] = _mm256_setzero_ps();
    for (size_t b = 0; b < blocks; b++) {
        const __m256i x = _mm256_loadu_si256((const __m256i *)(xq + 32 * b));
        for (int k = 0; k < group; k++) {
            const uint8_t *block = w + k * row_bytes + 34 * b;
            const __m256i q = _mm256_loadu_si256((const __m256i *)(block + 2));
            const __m256i dot = _mm256_dpbusd_epi32(_mm256_setzero_si256(), _mm256_abs_epi8(q), _mm256_sign_epi8(x, q));
            acc[k] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(dot), _mm256_set1_ps(half_at(block) * x_scale[b]), acc[k]);
        }
    }
    for (int k = 0; k < group; k++) y[k] = sum8(acc[k]);
}

void slm_matvec_q8_0_q8(const uint8_t *w, size_t row_bytes, size_t rows, size_t blocks,
                        const int8_t *xq, const float *x_scale, float *y) {
    size_t r = 0;
    for (; r + ROW_GROUP <= rows; r += ROW_GROUP)
        q8_q8_rows(w + r * row_bytes, row_bytes, blocks, ROW_GROUP, xq, x_scale, y + r);
    for (; r < rows; r++)
        q8_q8_rows(w + r * row_bytes, row_bytes, blocks, 1, xq, x_scale, y + r);
}
