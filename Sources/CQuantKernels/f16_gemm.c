// fp16 matrix products (layout and error bound in f16_gemm.h).
//
// Pair layout: a 32-bit word holds two fp16 values of consecutive k, (v[2q], v[2q+1]). A word
// of A's row broadcast to all 16 words of a register, times a register of B holding the
// word (B[2q][j], B[2q+1][j]) for 16 columns j, adds both k terms in one fp16 FMA (even lanes
// sum even k, odd lanes odd k); the two lanes of a column are added at the end in f32. So the
// broadcast is a plain 32-bit load (no shuffle port) and A needs no transposition.
//
// Register tile: MR = 8 rows × NV = 3 registers (48 columns): 24 fp16 accumulators, 3 B
// registers, 1 broadcast. Every SLM_F16_GEMM_CHUNK values of k the accumulators are widened
// and added into an f32 tile (in L1), then restart from zero.
#include "f16_gemm.h"

#include <immintrin.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

// Outside the AVX512-FP16 region: it must run on any x86-64 CPU.
int slm_f16_gemm_available(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw")
        && __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512fp16");
}

#pragma clang attribute push(__attribute__((target("avx512fp16,avx512f,avx512bw,avx512vl"))), apply_to = function)

#define MR SLM_F16_GEMM_ROWS
#define NV 3
#define NR SLM_F16_GEMM_PANEL
#define CHUNK_PAIRS (SLM_F16_GEMM_CHUNK / 2)
#define ROUND (_MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC)

_Static_assert(NR == 16 * NV, "a panel is NV registers of 16 columns");

static inline __mmask16 first_lanes(size_t count) {
    return count >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << count) - 1);
}

// Converts k floats at src (times scale) to fp16 at dst, zero-padded to `padded` values.
static void convert_row(const float *src, size_t k, size_t padded, float scale, uint16_t *dst) {
    const __m512 s = _mm512_set1_ps(scale);
    for (size_t p = 0; p < padded; p += 16) {
        const __m512 x = _mm512_maskz_loadu_ps(first_lanes(p < k ? k - p : 0), src + p);
        const __m256i h = _mm512_cvtps_ph(_mm512_mul_ps(x, s), ROUND);
        _mm256_mask_storeu_epi16(dst + p, first_lanes(padded - p), h);
    }
}

void slm_f16_gemm_pack_a(size_t m, size_t k, const float *a, size_t lda, uint32_t *packed, float *inverse) {
    const size_t pairs = (k + 1) / 2, padded_rows = (m + MR - 1) / MR * MR;
    for (size_t i = 0; i < padded_rows; i++) {
        uint16_t *row = (uint16_t *)(packed + i * pairs);
        if (i >= m) {
            memset(row, 0, pairs * 4);
            inverse[i] = 0;
            continue;
        }
        const float *src = a + i * lda;
        __m512 peak = _mm512_setzero_ps();
        for (size_t p = 0; p < k; p += 16) {
            peak = _mm512_max_ps(peak, _mm512_abs_ps(_mm512_maskz_loadu_ps(first_lanes(k - p), src + p)));
        }
        const float largest = _mm512_reduce_max_ps(peak);
        // Zero, subnormal, infinite or NaN rows keep their values (an exact scale would
        // overflow); rows near FLT_MAX scale to [1, 2) so the inverse 2^e stays finite.
        int e = 0;
        if (isnormal(largest)) frexpf(largest, &e);
        if (e > 127) e = 127;
        convert_row(src, k, 2 * pairs, ldexpf(1, -e), row);
        inverse[i] = ldexpf(1, e);
    }
}

// Two fp16 values per word: lo in the low half.
static inline __m512i pair_words(__m512 lo, __m512 hi) {
    return _mm512_or_si512(_mm512_cvtepu16_epi32(_mm512_cvtps_ph(lo, ROUND)),
                           _mm512_slli_epi32(_mm512_cvtepu16_epi32(_mm512_cvtps_ph(hi, ROUND)), 16));
}

void slm_f16_gemm_pack_wt(size_t n, size_t k, const float *w, size_t ldw, size_t first, size_t end, uint32_t *panels) {
    const size_t pairs = (k + 1) / 2;
    const __m512i lane = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    for (size_t panel = first; panel < end; panel++) {
        uint32_t *out = panels + panel * NR * pairs;
        for (int v = 0; v < NV; v++) {
            const size_t col = panel * NR + 16 * v;
            const __mmask16 valid = first_lanes(col < n ? n - col : 0);
            // Word j of this register: W[col + j][2q], W[col + j][2q + 1], gathered down W's rows.
            const __m512i rows = _mm512_mullo_epi32(lane, _mm512_set1_epi32((int)ldw));
            const float *base = w + col * ldw;
            for (size_t q = 0; q < pairs; q++) {
                const __m512 even = _mm512_mask_i32gather_ps(_mm512_setzero_ps(), valid, rows, base + 2 * q, 4);
                const __m512 odd = 2 * q + 1 < k
                    ? _mm512_mask_i32gather_ps(_mm512_setzero_ps(), valid, rows, base + 2 * q + 1, 4) : _mm512_setzero_ps();
                _mm512_storeu_si512(out + q * NR + 16 * v, pair_words(even, odd));
            }
        }
    }
}

void slm_f16_gemm_pack_w(size_t n, size_t k, const float *w, size_t ldw, size_t first, size_t end, uint32_t *panels) {
    const size_t pairs = (k + 1) / 2;
    for (size_t panel = first; panel < end; panel++) {
        uint32_t *out = panels + panel * NR * pairs;
        for (size_t q = 0; q < pairs; q++) {
            for (int v = 0; v < NV; v++) {
                const size_t col = panel * NR + 16 * v;
                const __mmask16 valid = first_lanes(col < n ? n - col : 0);
                const float *even = w + 2 * q * ldw + col;
                const __m512 odd = 2 * q + 1 < k ? _mm512_maskz_loadu_ps(valid, even + ldw) : _mm512_setzero_ps();
                _mm512_storeu_si512(out + q * NR + 16 * v, pair_words(_mm512_maskz_loadu_ps(valid, even), odd));
            }
        }
    }
}

// tile (MR rows × 2·NR floats, the two k lanes of each column side by side) = rows a ..
// a + (MR−1)·pairs of packed A times the panel.
static void multiply_tile(const uint32_t *a, size_t pairs, const uint32_t *panel, float *tile) {
    for (int i = 0; i < MR * 2 * NV; i++) _mm512_store_ps(tile + 16 * i, _mm512_setzero_ps());
    for (size_t q0 = 0; q0 < pairs; q0 += CHUNK_PAIRS) {
        const size_t q1 = q0 + CHUNK_PAIRS < pairs ? q0 + CHUNK_PAIRS : pairs;
        __m512h acc[MR][NV];
        for (int i = 0; i < MR; i++) {
            for (int v = 0; v < NV; v++) acc[i][v] = _mm512_setzero_ph();
        }
        for (size_t q = q0; q < q1; q++) {
            const uint32_t *b = panel + q * NR;
            __m512h bv[NV];
            for (int v = 0; v < NV; v++) bv[v] = _mm512_castsi512_ph(_mm512_loadu_si512(b + 16 * v));
            for (int i = 0; i < MR; i++) {
                const __m512h ai = _mm512_castsi512_ph(_mm512_set1_epi32((int)a[i * pairs + q]));
                for (int v = 0; v < NV; v++) acc[i][v] = _mm512_fmadd_ph(ai, bv[v], acc[i][v]);
            }
        }
        for (int i = 0; i < MR; i++) {
            for (int v = 0; v < NV; v++) {
                const __m512i bits = _mm512_castph_si512(acc[i][v]);
                float *t = tile + i * 2 * NR + 32 * v;
                _mm512_store_ps(t, _mm512_add_ps(_mm512_load_ps(t), _mm512_cvtph_ps(_mm512_castsi512_si256(bits))));
                _mm512_store_ps(t + 16, _mm512_add_ps(_mm512_load_ps(t + 16),
                                                      _mm512_cvtph_ps(_mm512_extracti64x4_epi64(bits, 1))));
            }
        }
    }
}

// C rows i0 ..< min(i0+MR, m), columns j0 ..< min(j0+NR, n) from a tile: each column's two
// lanes added, times its row's inverse scale.
static void store_tile(const float *tile, const float *inverse, size_t m, size_t n, size_t i0, size_t j0,
                       float *c, size_t ldc) {
    const __m512i even = _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
    const __m512i odd = _mm512_add_epi32(even, _mm512_set1_epi32(1));
    for (size_t i = 0; i < MR && i0 + i < m; i++) {
        for (int v = 0; v < NV; v++) {
            const size_t col = j0 + 16 * v;
            if (col >= n) break;
            const float *t = tile + i * 2 * NR + 32 * v;
            const __m512 x = _mm512_load_ps(t), y = _mm512_load_ps(t + 16);
            const __m512 sum = _mm512_add_ps(_mm512_permutex2var_ps(x, even, y), _mm512_permutex2var_ps(x, odd, y));
            _mm512_mask_storeu_ps(c + (i0 + i) * ldc + col, first_lanes(n - col),
                                  _mm512_mul_ps(sum, _mm512_set1_ps(inverse[i0 + i])));
        }
    }
}

void slm_f16_gemm_multiply(size_t m, size_t n, size_t k, const uint32_t *packed_a, const float *inverse,
                           const uint32_t *panels, size_t first, size_t end, float *c, size_t ldc) {
    const size_t pairs = (k + 1) / 2;
    _Alignas(64) float tile[MR * 2 * NR];
    for (size_t panel = first; panel < end; panel++) {
        for (size_t i0 = 0; i0 < m; i0 += MR) {
            multiply_tile(packed_a + i0 * pairs, pairs, panels + panel * NR * pairs, tile);
            store_tile(tile, inverse, m, n, i0, panel * NR, c, ldc);
        }
    }
}

#pragma clang attribute pop
