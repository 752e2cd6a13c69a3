// Packed matrix-vector kernels on int16 activations split into two byte limbs (layout of
// the weights in packed_kernels.h). Activations are rounded to within 1/65534 of each
// block's largest |x| (int8: 1/254), so a model's logits stay within 1e-3 of exact
// products (SmolLM2: ≤ 7e-4 of the largest logit, int8 ~5e-2), while the arithmetic is
// VNNI's integer dot products, as with int8 activations.
//
// With v = 256·hi + lo (hi signed, lo unsigned bytes) and weight bytes q:
//   Σ q·v = 256·Σ q·hi + Σ lo·q
// and vpdpbusd multiplies unsigned by signed bytes: q·hi takes q as unsigned, lo·q takes q
// as signed. Q4_1's nibbles (0..15) are both; Q8_0's bytes are stored as w + 128, unsigned,
// and flipping their top bit gives w as signed.
#include "packed_kernels.h"
#include "packed_loads.h"

#include <immintrin.h>

#define GROUP SLM_PACKED_ROWS

void slm_quantize_activations_i16(const float *x, size_t blocks, int8_t *hi, uint8_t *lo,
                                  float *scale, float *sum, int32_t *hi_sum) {
    const __m512i top = _mm512_set1_epi32(32767), bottom = _mm512_set1_epi32(-32767);
    const __m512i byte = _mm512_set1_epi32(0xFF);
    for (size_t b = 0; b < blocks; b++) {
        const __m512 x0 = _mm512_loadu_ps(x + 32 * b), x1 = _mm512_loadu_ps(x + 32 * b + 16);
        const float amax = _mm512_reduce_max_ps(_mm512_max_ps(_mm512_abs_ps(x0), _mm512_abs_ps(x1)));
        const __m512 inv = _mm512_set1_ps(amax != 0.0f ? 32767.0f / amax : 0.0f);
        // Rounded to nearest; the clamp only guards x·inv's last-bit rounding at ±max.
        const __m512i v0 = _mm512_max_epi32(bottom, _mm512_min_epi32(top, _mm512_cvtps_epi32(_mm512_mul_ps(x0, inv))));
        const __m512i v1 = _mm512_max_epi32(bottom, _mm512_min_epi32(top, _mm512_cvtps_epi32(_mm512_mul_ps(x1, inv))));
        const __m512i h0 = _mm512_srai_epi32(v0, 8), h1 = _mm512_srai_epi32(v1, 8);   // −128..127
        _mm_storeu_si128((__m128i *)(hi + 32 * b), _mm512_cvtepi32_epi8(h0));
        _mm_storeu_si128((__m128i *)(hi + 32 * b + 16), _mm512_cvtepi32_epi8(h1));
        _mm_storeu_si128((__m128i *)(lo + 32 * b), _mm512_cvtepi32_epi8(_mm512_and_si512(v0, byte)));
        _mm_storeu_si128((__m128i *)(lo + 32 * b + 16), _mm512_cvtepi32_epi8(_mm512_and_si512(v1, byte)));
        scale[b] = amax / 32767.0f;
        sum[b] = _mm512_reduce_add_ps(_mm512_add_ps(x0, x1));
        hi_sum[b] = _mm512_reduce_add_epi32(_mm512_add_epi32(h0, h1));
    }
}

// Per block and row, S = Σ q·v exactly in int32: |256·Σ q·hi| ≤ 256·32·15·128 = 15.7M and
// Σ lo·q ≤ 32·255·15 = 122K, so |S| < 2^24 and even its float conversion is exact. Then
// y += d·s·S + m·Σx.
void slm_packed_matvec_q4_1_i16(const uint8_t *p, size_t groups, size_t blocks, const int8_t *hi,
                                const uint8_t *lo, const float *x_scale, const float *x_sum, float *y) {
    const __m512i low = _mm512_set1_epi8(0x0F);
    for (size_t g = 0; g < groups; g++) {
        const uint8_t *block = p + g * blocks * SLM_PACKED_Q4_1_BLOCK_BYTES;
        __m512 acc = _mm512_setzero_ps(), acc_min = _mm512_setzero_ps();
        for (size_t b = 0; b < blocks; b++, block += SLM_PACKED_Q4_1_BLOCK_BYTES) {
            const int8_t *hb = hi + 32 * b;
            const uint8_t *lb = lo + 32 * b;
            __m512i hi0 = _mm512_setzero_si512(), hi1 = hi0, lo0 = hi0, lo1 = hi0;
            for (int j = 0; j < 4; j++) {
                const __m512i v = _mm512_loadu_si512(block + 64 + 64 * j);
                const __m512i q0 = _mm512_and_si512(v, low);                          // values 8j ..< 8j+4
                const __m512i q1 = _mm512_and_si512(_mm512_srli_epi16(v, 4), low);    // values 8j+4 ..< 8j+8
                hi0 = _mm512_dpbusd_epi32(hi0, q0, x4_at(hb + 8 * j));
                hi1 = _mm512_dpbusd_epi32(hi1, q1, x4_at(hb + 8 * j + 4));
                lo0 = _mm512_dpbusd_epi32(lo0, x4_at(lb + 8 * j), q0);
                lo1 = _mm512_dpbusd_epi32(lo1, x4_at(lb + 8 * j + 4), q1);
            }
            const __m512i s = _mm512_add_epi32(_mm512_slli_epi32(_mm512_add_epi32(hi0, hi1), 8), _mm512_add_epi32(lo0, lo1));
            acc = _mm512_fmadd_ps(_mm512_cvtepi32_ps(s), _mm512_mul_ps(scales_at(block), _mm512_set1_ps(x_scale[b])), acc);
            acc_min = _mm512_fmadd_ps(scales_at(block + 32), _mm512_set1_ps(x_sum[b]), acc_min);
        }
        _mm512_storeu_ps(y + GROUP * g, _mm512_add_ps(acc, acc_min));
    }
}

// The hi limb multiplies the stored w + 128: Σ (w + 128)·hi = Σ w·hi + 128·Σhi, so 128·Σhi
// comes off before the shift. Per block and row, in int32: |Σ (w + 128)·hi| ≤ 32·255·128 =
// 1.04M; |256·Σ w·hi| ≤ 256·32·128·128 = 134M; |Σ lo·w| ≤ 32·255·128 = 1.04M; all < 2^31.
// Then y += d·s·S.
void slm_packed_matvec_q8_0_i16(const uint8_t *p, size_t groups, size_t blocks, const int8_t *hi,
                                const uint8_t *lo, const float *x_scale, const int32_t *hi_sum, float *y) {
    const __m512i flip = _mm512_set1_epi32((int)0x80808080u);
    for (size_t g = 0; g < groups; g++) {
        const uint8_t *block = p + g * blocks * SLM_PACKED_Q8_0_BLOCK_BYTES;
        __m512 acc = _mm512_setzero_ps();
        for (size_t b = 0; b < blocks; b++, block += SLM_PACKED_Q8_0_BLOCK_BYTES) {
            const int8_t *hb = hi + 32 * b;
            const uint8_t *lb = lo + 32 * b;
            __m512i hi0 = _mm512_setzero_si512(), hi1 = hi0, lo0 = hi0, lo1 = hi0;
            for (int j = 0; j < 8; j += 2) {
                const __m512i u0 = _mm512_loadu_si512(block + 32 + 64 * j);    // values 4j ..< 4j+4, + 128
                const __m512i u1 = _mm512_loadu_si512(block + 96 + 64 * j);    // values 4j+4 ..< 4j+8, + 128
                hi0 = _mm512_dpbusd_epi32(hi0, u0, x4_at(hb + 4 * j));
                hi1 = _mm512_dpbusd_epi32(hi1, u1, x4_at(hb + 4 * j + 4));
                lo0 = _mm512_dpbusd_epi32(lo0, x4_at(lb + 4 * j), _mm512_xor_si512(u0, flip));
                lo1 = _mm512_dpbusd_epi32(lo1, x4_at(lb + 4 * j + 4), _mm512_xor_si512(u1, flip));
            }
            const __m512i w_hi = _mm512_sub_epi32(_mm512_add_epi32(hi0, hi1), _mm512_set1_epi32(128 * hi_sum[b]));
            const __m512i s = _mm512_add_epi32(_mm512_slli_epi32(w_hi, 8), _mm512_add_epi32(lo0, lo1));
            acc = _mm512_fmadd_ps(_mm512_cvtepi32_ps(s), _mm512_mul_ps(scales_at(block), _mm512_set1_ps(x_scale[b])), acc);
        }
        _mm512_storeu_ps(y + GROUP * g, acc);
    }
}
