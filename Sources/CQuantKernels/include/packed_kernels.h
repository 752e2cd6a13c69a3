// Matrix-vector kernels on a row-interleaved copy of Q4_1 and Q8_0 matrices (decode).
//
// The copy holds the matrix in groups of 16 rows. Within a group, block b (32 values of
// each of the 16 rows) is stored as:
//   Q4_1, 320 bytes: d[16] (f16), m[16] (f16), then chunks j = 0..3 of 64 bytes; byte
//         4r + k of chunk j holds row r's value 8j+k in its low nibble and 8j+4+k in its
//         high nibble.
//   Q8_0, 544 bytes: d[16] (f16), then chunks j = 0..7 of 64 bytes; byte 4r + k of chunk j
//         is row r's value 4j+k plus 128 (as an unsigned byte).
// So one 512-bit load holds four values of each of 16 rows: one VNNI instruction (or 16
// float lanes) works on 16 rows at once, and each row's scales come 16 at a time.
// Call only when slm_quant_vnni_available().
#ifndef SLM_PACKED_KERNELS_H
#define SLM_PACKED_KERNELS_H

#include <stddef.h>
#include <stdint.h>

#define SLM_PACKED_ROWS 16
#define SLM_PACKED_Q4_1_BLOCK_BYTES 320
#define SLM_PACKED_Q8_0_BLOCK_BYTES 544

/// Packs `groups` groups of 16 rows (rows `row_bytes` apart, `blocks` blocks each) into out.
void slm_pack_q4_1(const uint8_t *w, size_t row_bytes, size_t groups, size_t blocks, uint8_t *out);
void slm_pack_q8_0(const uint8_t *w, size_t row_bytes, size_t groups, size_t blocks, uint8_t *out);

/// y[16g + r] for the groups [0, groups) starting at p: float activations x (32·blocks);
/// x_block_sums[b] = Σ of x's block b (for Q4_1's minimum).
void slm_packed_matvec_q4_1(const uint8_t *p, size_t groups, size_t blocks,
                            const float *x, const float *x_block_sums, float *y);
void slm_packed_matvec_q8_0(const uint8_t *p, size_t groups, size_t blocks, const float *x, float *y);

/// The same with int8 activations from slm_quantize_activations (xq, scale, scaled_sum).
void slm_packed_matvec_q4_1_q8(const uint8_t *p, size_t groups, size_t blocks,
                               const int8_t *xq, const float *x_scale, const float *x_scaled_sum, float *y);
void slm_packed_matvec_q8_0_q8(const uint8_t *p, size_t groups, size_t blocks,
                               const int8_t *xq, const float *x_scale, const float *x_scaled_sum, float *y);

/// Quantizes `blocks` blocks of 32 activations to int16 in two byte limbs: per block
/// scale[b] = max|x|/32767 (0 for an all-zero block), v = round(x/scale) with |v| ≤ 32767,
/// hi = v >> 8 (arithmetic: −128..127), lo = v − 256·hi (0..255); sum[b] = Σ x (Q4_1's
/// minimum) and hi_sum[b] = Σ hi (Q8_0's +128 offset). Rounding error ≤ max|x|/65534.
void slm_quantize_activations_i16(const float *x, size_t blocks, int8_t *hi, uint8_t *lo,
                                  float *scale, float *sum, int32_t *hi_sum);

/// The packed products with activations from slm_quantize_activations_i16.
void slm_packed_matvec_q4_1_i16(const uint8_t *p, size_t groups, size_t blocks, const int8_t *hi,
                                const uint8_t *lo, const float *x_scale, const float *x_sum, float *y);
void slm_packed_matvec_q8_0_i16(const uint8_t *p, size_t groups, size_t blocks, const int8_t *hi,
                                const uint8_t *lo, const float *x_scale, const int32_t *hi_sum, float *y);

#endif
