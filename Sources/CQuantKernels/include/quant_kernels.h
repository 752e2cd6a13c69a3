// AVX-512 kernels for the hot ggml block formats (Q4_0, Q4_1, Q8_0) against float32
// activations. Swift's SIMD types cannot express the byte-to-float widening these need
// without going through generic, out-of-line conversions (see bench/quant/README.md), so
// they live here with their own compiler flags. Call only when slm_quant_avx512_available().
#ifndef SLM_QUANT_KERNELS_H
#define SLM_QUANT_KERNELS_H

#include <stddef.h>
#include <stdint.h>

/// Whether this CPU runs the kernels below (AVX-512 F/BW/VL and F16C).
int slm_quant_avx512_available(void);

/// y[r] = dot(row r of W, x) for r in 0..<rows. W's rows are `row_bytes` apart and hold
/// `blocks` blocks of 32 values; x holds 32·blocks floats; x_block_sums[b] is the sum of
/// x[32b ..< 32b+32] (Q4_1 uses it for its per-block minimum).
void slm_matvec_q4_0(const uint8_t *w, size_t row_bytes, size_t rows, size_t blocks,
                     const float *x, float *y);
void slm_matvec_q4_1(const uint8_t *w, size_t row_bytes, size_t rows, size_t blocks,
                     const float *x, const float *x_block_sums, float *y);
void slm_matvec_q8_0(const uint8_t *w, size_t row_bytes, size_t rows, size_t blocks,
                     const float *x, float *y);

/// Dequantizes `rows` rows of `blocks` blocks each into out (row-major, 32·blocks floats a row),
/// with ggml's arithmetic.
void slm_dequantize_q4_0(const uint8_t *w, size_t row_bytes, size_t rows, size_t blocks, float *out);
void slm_dequantize_q4_1(const uint8_t *w, size_t row_bytes, size_t rows, size_t blocks, float *out);
void slm_dequantize_q8_0(const uint8_t *w, size_t row_bytes, size_t rows, size_t blocks, float *out);

#endif
