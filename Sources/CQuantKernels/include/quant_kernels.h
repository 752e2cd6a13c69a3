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

/// Whether this CPU also has AVX-512 VNNI (int8 dot products) for the *_q8 kernels.
int slm_quant_vnni_available(void);

/// Quantizes `blocks` blocks of 32 activations to int8 as llama.cpp's Q8_1 does: per block
/// scale[b] = max|x|/127, q = round(x/scale); scaled_sum[b] = scale[b]·Σq.
void slm_quantize_activations(const float *x, size_t blocks, int8_t *q, float *scale, float *scaled_sum);

/// y[r] = dot(row r of W, x) with x given as quantized by slm_quantize_activations: integer
/// dot products per block (VNNI), then one float multiply-add per block, as llama.cpp does.
void slm_matvec_q4_0_q8(const uint8_t *w, size_t row_bytes, size_t rows, size_t blocks,
                        const int8_t *xq, const float *x_scale, const float *x_scaled_sum, float *y);
void slm_matvec_q4_1_q8(const uint8_t *w, size_t row_bytes, size_t rows, size_t blocks,
                        const int8_t *xq, const float *x_scale, const float *x_scaled_sum, float *y);
void slm_matvec_q8_0_q8(const uint8_t *w, size_t row_bytes, size_t rows, size_t blocks,
                        const int8_t *xq, const float *x_scale, float *y);

/// Dequantizes `rows` rows of `blocks` blocks each into out (row-major, 32·blocks floats a row),
/// with ggml's arithmetic.
void slm_dequantize_q4_0(const uint8_t *w, size_t row_bytes, size_t rows, size_t blocks, float *out);
void slm_dequantize_q4_1(const uint8_t *w, size_t row_bytes, size_t rows, size_t blocks, float *out);
void slm_dequantize_q8_0(const uint8_t *w, size_t row_bytes, size_t rows, size_t blocks, float *out);

#endif
