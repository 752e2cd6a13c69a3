// Matrix-vector kernels on row-interleaved Q4_1 and Q8_0 (layout in packed_kernels.h).
#include "packed_kernels.h"
#include "packed_loads.h"

#include <immintrin.h>
#include <string.h>

#define GROUP SLM_PACKED_ROWS

void slm_pack_q4_1(const uint8_t *w, size_t row_bytes, size_t groups, size_t blocks, uint8_t *out) {
    for (size_t g = 0; g < groups; g++) {
        for (size_t b = 0; b < blocks; b++) {
            uint8_t *dst = out + (g * blocks + b) * SLM_PACKED_Q4_1_BLOCK_BYTES;
            memset(dst + 64, 0, 256);
            for (size_t r = 0; r < GROUP; r++) {
                const uint8_t *src = w + (g * GROUP + r) * row_bytes + 20 * b;
                memcpy(dst + 2 * r, src, 2);           // d
                memcpy(dst + 32 + 2 * r, src + 2, 2);  // m
                for (int v = 0; v < 32; v++) {
                    const uint8_t q = v < 16 ? (src[4 + v] & 0x0F) : (src[4 + v - 16] >> 4);
                    const int j = v / 8, within = v % 8;
                    dst[64 + 64 * j + 4 * r + within % 4] |= (uint8_t)(within < 4 ? q : q << 4);
                }
            }
        }
    }
}

void slm_pack_q8_0(const uint8_t *w, size_t row_bytes, size_t groups, size_t blocks, uint8_t *out) {
    for (size_t g = 0; g < groups; g++) {
        for (size_t b = 0; b < blocks; b++) {
            uint8_t *dst = out + (g * blocks + b) * SLM_PACKED_Q8_0_BLOCK_BYTES;
            for (size_t r = 0; r < GROUP; r++) {
                const uint8_t *src = w + (g * GROUP + r) * row_bytes + 34 * b;
                memcpy(dst + 2 * r, src, 2);           // d
                for (int v = 0; v < 32; v++) dst[32 + 64 * (v / 4) + 4 * r + v % 4] = src[2 + v] ^ 0x80;
            }
        }
    }
}

// Σ q·x per row is gathered over the block in four float chains (FMA latency), then scaled
// by d; the minimum m multiplies the block's Σ x.
void slm_packed_matvec_q4_1(const uint8_t *p, size_t groups, size_t blocks,
                            const float *x, const float *x_block_sums, float *y) {
    const __m512 values = _mm512_setr_ps(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    for (size_t g = 0; g < groups; g++) {
        const uint8_t *block = p + g * blocks * SLM_PACKED_Q4_1_BLOCK_BYTES;
        __m512 acc = _mm512_setzero_ps(), acc_min = _mm512_setzero_ps();
        for (size_t b = 0; b < blocks; b++, block += SLM_PACKED_Q4_1_BLOCK_BYTES) {
            const float *xb = x + 32 * b;
            __m512 s0 = _mm512_setzero_ps(), s1 = s0, s2 = s0, s3 = s0;
            for (int j = 0; j < 4; j++) {
                const __m512i v = _mm512_loadu_si512(block + 64 + 64 * j);
                const float *xj = xb + 8 * j;
                // vpermps reads only the low 4 bits of each index: the nibble itself.
                s0 = _mm512_fmadd_ps(_mm512_permutexvar_ps(v, values), _mm512_set1_ps(xj[0]), s0);
                s1 = _mm512_fmadd_ps(_mm512_permutexvar_ps(_mm512_srli_epi32(v, 8), values), _mm512_set1_ps(xj[1]), s1);
                s2 = _mm512_fmadd_ps(_mm512_permutexvar_ps(_mm512_srli_epi32(v, 16), values), _mm512_set1_ps(xj[2]), s2);
                s3 = _mm512_fmadd_ps(_mm512_permutexvar_ps(_mm512_srli_epi32(v, 24), values), _mm512_set1_ps(xj[3]), s3);
                s0 = _mm512_fmadd_ps(_mm512_permutexvar_ps(_mm512_srli_epi32(v, 4), values), _mm512_set1_ps(xj[4]), s0);
                s1 = _mm512_fmadd_ps(_mm512_permutexvar_ps(_mm512_srli_epi32(v, 12), values), _mm512_set1_ps(xj[5]), s1);
                s2 = _mm512_fmadd_ps(_mm512_permutexvar_ps(_mm512_srli_epi32(v, 20), values), _mm512_set1_ps(xj[6]), s2);
                s3 = _mm512_fmadd_ps(_mm512_permutexvar_ps(_mm512_srli_epi32(v, 28), values), _mm512_set1_ps(xj[7]), s3);
            }
            const __m512 sum = _mm512_add_ps(_mm512_add_ps(s0, s1), _mm512_add_ps(s2, s3));
            acc = _mm512_fmadd_ps(sum, scales_at(block), acc);
            acc_min = _mm512_fmadd_ps(scales_at(block + 32), _mm512_set1_ps(x_block_sums[b]), acc_min);
        }
        _mm512_storeu_ps(y + GROUP * g, _mm512_add_ps(acc, acc_min));
    }
}

// Bytes hold q + 128; flipping the top bit gives q as a signed byte, which shifts extract.
void slm_packed_matvec_q8_0(const uint8_t *p, size_t groups, size_t blocks, const float *x, float *y) {
    const __m512i flip = _mm512_set1_epi32((int)0x80808080u);
    for (size_t g = 0; g < groups; g++) {
        const uint8_t *block = p + g * blocks * SLM_PACKED_Q8_0_BLOCK_BYTES;
        __m512 acc = _mm512_setzero_ps();
        for (size_t b = 0; b < blocks; b++, block += SLM_PACKED_Q8_0_BLOCK_BYTES) {
            const float *xb = x + 32 * b;
            __m512 s0 = _mm512_setzero_ps(), s1 = s0, s2 = s0, s3 = s0;
            for (int j = 0; j < 8; j++) {
                const __m512i v = _mm512_xor_si512(_mm512_loadu_si512(block + 32 + 64 * j), flip);
                const float *xj = xb + 4 * j;
                s0 = _mm512_fmadd_ps(_mm512_cvtepi32_ps(_mm512_srai_epi32(_mm512_slli_epi32(v, 24), 24)), _mm512_set1_ps(xj[0]), s0);
                s1 = _mm512_fmadd_ps(_mm512_cvtepi32_ps(_mm512_srai_epi32(_mm512_slli_epi32(v, 16), 24)), _mm512_set1_ps(xj[1]), s1);
                s2 = _mm512_fmadd_ps(_mm512_cvtepi32_ps(_mm512_srai_epi32(_mm512_slli_epi32(v, 8), 24)), _mm512_set1_ps(xj[2]), s2);
                s3 = _mm512_fmadd_ps(_mm512_cvtepi32_ps(_mm512_srai_epi32(v, 24)), _mm512_set1_ps(xj[3]), s3);
            }
            const __m512 sum = _mm512_add_ps(_mm512_add_ps(s0, s1), _mm512_add_ps(s2, s3));
            acc = _mm512_fmadd_ps(sum, scales_at(block), acc);
        }
        _mm512_storeu_ps(y + GROUP * g, acc);
    }
}

// Σ q·xq per row in int32 (VNNI: unsigned nibble × signed activation byte, four at a time),
// two chains for latency; then d·dx scales it and m·(dx·Σxq) adds the minimum.
void slm_packed_matvec_q4_1_q8(const uint8_t *p, size_t groups, size_t blocks,
                               const int8_t *xq, const float *x_scale, const float *x_scaled_sum, float *y) {
    const __m512i low = _mm512_set1_epi8(0x0F);
    for (size_t g = 0; g < groups; g++) {
        const uint8_t *block = p + g * blocks * SLM_PACKED_Q4_1_BLOCK_BYTES;
        __m512 acc = _mm512_setzero_ps(), acc_min = _mm512_setzero_ps();
        for (size_t b = 0; b < blocks; b++, block += SLM_PACKED_Q4_1_BLOCK_BYTES) {
            const int8_t *xb = xq + 32 * b;
            __m512i dot0 = _mm512_setzero_si512(), dot1 = dot0;
            for (int j = 0; j < 4; j++) {
                const __m512i v = _mm512_loadu_si512(block + 64 + 64 * j);
                dot0 = _mm512_dpbusd_epi32(dot0, _mm512_and_si512(v, low), x4_at(xb + 8 * j));
                dot1 = _mm512_dpbusd_epi32(dot1, _mm512_and_si512(_mm512_srli_epi16(v, 4), low), x4_at(xb + 8 * j + 4));
            }
            const __m512 dot = _mm512_cvtepi32_ps(_mm512_add_epi32(dot0, dot1));
            acc = _mm512_fmadd_ps(dot, _mm512_mul_ps(scales_at(block), _mm512_set1_ps(x_scale[b])), acc);
            acc_min = _mm512_fmadd_ps(scales_at(block + 32), _mm512_set1_ps(x_scaled_sum[b]), acc_min);
        }
        _mm512_storeu_ps(y + GROUP * g, _mm512_add_ps(acc, acc_min));
    }
}

// Bytes hold q + 128: Σ (q + 128)·xq·dx = dx·Σ q·xq + 128·(dx·Σ xq), so subtract the last term.
void slm_packed_matvec_q8_0_q8(const uint8_t *p, size_t groups, size_t blocks,
                               const int8_t *xq, const float *x_scale, const float *x_scaled_sum, float *y) {
    for (size_t g = 0; g < groups; g++) {
        const uint8_t *block = p + g * blocks * SLM_PACKED_Q8_0_BLOCK_BYTES;
        __m512 acc = _mm512_setzero_ps();
        for (size_t b = 0; b < blocks; b++, block += SLM_PACKED_Q8_0_BLOCK_BYTES) {
            const int8_t *xb = xq + 32 * b;
            __m512i dot0 = _mm512_setzero_si512(), dot1 = dot0;
            for (int j = 0; j < 8; j += 2) {
                dot0 = _mm512_dpbusd_epi32(dot0, _mm512_loadu_si512(block + 32 + 64 * j), x4_at(xb + 4 * j));
                dot1 = _mm512_dpbusd_epi32(dot1, _mm512_loadu_si512(block + 96 + 64 * j), x4_at(xb + 4 * j + 4));
            }
            const __m512 dot = _mm512_cvtepi32_ps(_mm512_add_epi32(dot0, dot1));
            const __m512 t = _mm512_fmadd_ps(dot, _mm512_set1_ps(x_scale[b]), _mm512_set1_ps(-128.0f * x_scaled_sum[b]));
            acc = _mm512_fmadd_ps(t, scales_at(block), acc);
        }
        _mm512_storeu_ps(y + GROUP * g, acc);
    }
}
