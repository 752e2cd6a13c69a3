// bfloat16 matrix products with float32 accumulation (AVX-512 BF16's vdpbf16ps: twice the
// multiply-adds of an f32 FMA per instruction). Used for the frozen products of LoRA
// training, as QLoRA computes in bf16.
#include "bf16_gemm.h"

#include <immintrin.h>
#include <string.h>

int slm_bf16_available(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bf16");
}

// bfloat16 bits of x, rounded to nearest even (NaN stays NaN), as vcvtneps2bf16 does.
static inline uint32_t bf16_bits(float x) {
    uint32_t u;
    memcpy(&u, &x, 4);
    if ((u & 0x7FFFFFFFu) > 0x7F800000u) return (u >> 16) | 0x40u;
    return (u + 0x7FFFu + ((u >> 16) & 1u)) >> 16;
}

void slm_bf16_pack_rows(const float *x, size_t rows, size_t cols, size_t ldx,
                        uint32_t *out, size_t padded_rows) {
    const size_t pairs = (cols + 1) / 2;
    for (size_t r = 0; r < rows; r++) {
        const float *src = x + r * ldx;
        uint32_t *dst = out + r * pairs;
        size_t j = 0;
        for (; j + 32 <= cols; j += 32) {
            const __m512bh v = _mm512_cvtne2ps_pbh(_mm512_loadu_ps(src + j + 16), _mm512_loadu_ps(src + j));
            _mm512_storeu_si512(dst + j / 2, (__m512i)v);
        }
        for (; j < cols; j += 2) {
            const uint32_t lo = bf16_bits(src[j]), hi = j + 1 < cols ? bf16_bits(src[j + 1]) : 0;
            dst[j / 2] = lo | (hi << 16);
        }
    }
    memset(out + rows * pairs, 0, (padded_rows - rows) * pairs * 4);
}

void slm_bf16_pack_b_rows(const uint32_t *w, size_t pairs, size_t panels, uint32_t *out) {
    for (size_t q = 0; q < panels; q++) {
        uint32_t *panel = out + q * pairs * SLM_BF16_PANEL;
        for (size_t i = 0; i < SLM_BF16_PANEL; i++) {
            const uint32_t *row = w + (q * SLM_BF16_PANEL + i) * pairs;
            for (size_t p = 0; p < pairs; p++) panel[p * SLM_BF16_PANEL + i] = row[p];
        }
    }
}

void slm_bf16_pack_b_cols(const float *w, size_t rows, size_t cols, size_t pair_begin, size_t pair_end,
                          uint32_t *out) {
    const size_t panels = (cols + SLM_BF16_PANEL - 1) / SLM_BF16_PANEL, pairs = (rows + 1) / 2;
    for (size_t p = pair_begin; p < pair_end; p++) {
        const float *lo = w + 2 * (p - pair_begin) * cols, *hi = 2 * p + 1 < rows ? lo + cols : NULL;
        for (size_t q = 0; q < panels; q++) {
            uint32_t *dst = out + (q * pairs + p) * SLM_BF16_PANEL;
            size_t j = 0;
            const size_t base = q * SLM_BF16_PANEL;
            for (; j + 16 <= SLM_BF16_PANEL && base + j + 16 <= cols; j += 16) {
                const __m512i l = _mm512_cvtepu16_epi32((__m256i)_mm512_cvtneps_pbh(_mm512_loadu_ps(lo + base + j)));
                const __m512i h = hi ? _mm512_cvtepu16_epi32((__m256i)_mm512_cvtneps_pbh(_mm512_loadu_ps(hi + base + j)))
                                     : _mm512_setzero_si512();
                _mm512_storeu_si512(dst + j, _mm512_or_si512(l, _mm512_slli_epi32(h, 16)));
            }
            for (; j < SLM_BF16_PANEL; j++) {
                const size_t c = base + j;
                dst[j] = c < cols ? bf16_bits(lo[c]) | ((hi ? bf16_bits(hi[c]) : 0) << 16) : 0;
            }
        }
    }
}

// C[0..<rows, 0..<cols] (+)= A (8 rows of pairs) · panel, one 8 × 48 tile in 24 registers.
static inline void tile_8x48(const uint32_t *a, size_t lda, const uint32_t *panel, size_t pairs,
                             float *c, size_t ldc, int accumulate, size_t rows, size_t cols) {
    __m512 acc[8][3];
    for (int i = 0; i < 8; i++)
        for (int j = 0; j < 3; j++) acc[i][j] = _mm512_setzero_ps();
    for (size_t p = 0; p < pairs; p++) {
        const __m512bh b0 = (__m512bh)_mm512_loadu_si512(panel + p * 48);
        const __m512bh b1 = (__m512bh)_mm512_loadu_si512(panel + p * 48 + 16);
        const __m512bh b2 = (__m512bh)_mm512_loadu_si512(panel + p * 48 + 32);
        for (int i = 0; i < 8; i++) {
            const __m512bh x = (__m512bh)_mm512_set1_epi32((int)a[i * lda + p]);
            acc[i][0] = _mm512_dpbf16_ps(acc[i][0], x, b0);
            acc[i][1] = _mm512_dpbf16_ps(acc[i][1], x, b1);
            acc[i][2] = _mm512_dpbf16_ps(acc[i][2], x, b2);
        }
    }
    for (size_t i = 0; i < rows; i++) {
        for (int j = 0; j < 3; j++) {
            const size_t left = cols > (size_t)j * 16 ? cols - (size_t)j * 16 : 0;
            if (left == 0) break;
            const __mmask16 mask = left >= 16 ? 0xFFFF : (__mmask16)((1u << left) - 1);
            float *dst = c + i * ldc + j * 16;
            const __m512 v = accumulate ? _mm512_add_ps(_mm512_maskz_loadu_ps(mask, dst), acc[i][j]) : acc[i][j];
            _mm512_mask_storeu_ps(dst, mask, v);
        }
    }
}

void slm_bf16_gemm_panels(const uint32_t *a, size_t rows, size_t lda, size_t pairs,
                          const uint32_t *panels, size_t panel_begin, size_t panel_end, size_t cols,
                          float *c, size_t ldc, int accumulate) {
    for (size_t q = panel_begin; q < panel_end; q++) {
        const uint32_t *panel = panels + q * pairs * SLM_BF16_PANEL;
        const size_t c0 = q * SLM_BF16_PANEL, width = cols - c0 < SLM_BF16_PANEL ? cols - c0 : SLM_BF16_PANEL;
        for (size_t r = 0; r < rows; r += 8) {
            const size_t height = rows - r < 8 ? rows - r : 8;
            tile_8x48(a + r * lda, lda, panel, pairs, c + r * ldc + c0, ldc, accumulate, height, width);
        }
    }
}
