// bfloat16 products with float32 accumulation (AVX-512 BF16). Call only when
// slm_bf16_available(). A "pair" is one uint32 holding two consecutive bf16 values of the
// contracted axis (the lower half first), the operand layout vdpbf16ps multiplies.
#ifndef SLM_BF16_GEMM_H
#define SLM_BF16_GEMM_H

#include <stddef.h>
#include <stdint.h>

/// Columns of B per packed panel (three 16-lane registers).
#define SLM_BF16_PANEL 48

/// Whether this CPU has AVX-512 BF16 (vdpbf16ps).
int slm_bf16_available(void);

/// Rounds x (rows × cols f32, row stride ldx) to bf16 pairs along each row: out[r·P + p]
/// holds x[r][2p] and x[r][2p+1] (P = ⌈cols/2⌉, a missing odd value is 0). Rows
/// rows..<padded_rows are zero.
void slm_bf16_pack_rows(const float *x, size_t rows, size_t cols, size_t ldx,
                        uint32_t *out, size_t padded_rows);

/// B panels from a matrix packed by slm_bf16_pack_rows (48·panels rows of `pairs` pairs),
/// for Y = X·Wᵀ where row n of W is column n of B: out[(q·pairs + p)·48 + i] = w[(48q + i)·pairs + p].
void slm_bf16_pack_b_rows(const uint32_t *w, size_t pairs, size_t panels, uint32_t *out);

/// B panels for dX = dY·W from W (rows × cols, f32), contracting over W's rows:
/// out[(q·P + p)·48 + i] holds W[2p][48q + i] and W[2p+1][48q + i] (P = ⌈rows/2⌉; zero
/// past the edges). Writes the pairs pair_begin..<pair_end of every panel; `w` holds just
/// their rows, row-major from row 2·pair_begin.
void slm_bf16_pack_b_cols(const float *w, size_t rows, size_t cols, size_t pair_begin, size_t pair_end,
                          uint32_t *out);

/// C (rows × cols, row stride ldc) = A · B, or += with accumulate, for the B panels
/// panel_begin..<panel_end. A is `pairs` pairs a row (row stride lda pairs) and must have
/// rows rounded up to a multiple of 8 readable (zero padding from slm_bf16_pack_rows).
void slm_bf16_gemm_panels(const uint32_t *a, size_t rows, size_t lda, size_t pairs,
                          const uint32_t *panels, size_t panel_begin, size_t panel_end, size_t cols,
                          float *c, size_t ldc, int accumulate);

#endif
