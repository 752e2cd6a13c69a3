// Matrix products with half-precision (fp16) multiply-adds (AVX512-FP16), for the frozen
// projections of LoRA training, where f32 sgemm is the bottleneck: fp16 FMAs run at twice
// the f32 rate on this CPU.
//
// Inputs are converted to fp16 while packing. Each row of A is first scaled by a power of two
// 2^-e with max|row| · 2^-e in [0.5, 1) (exact, undone exactly on the result), so rows of any
// magnitude (activations ~1e2, gradients ~1e-6) use fp16's full range. B holds weights
// (|w| < ~2: no scaling). Products accumulate in fp16 over chunks of SLM_F16_GEMM_CHUNK
// values of k, each chunk then added into f32: the error of C[i][j] is at most about
// (SLM_F16_GEMM_CHUNK/2 + 3) · 2^-11 · Σ_p |A[i][p]·B[p][j]| (see Tests/TensorTests/F16GEMMTests.swift).
//
// Call only when slm_f16_gemm_available().
#ifndef SLM_F16_GEMM_H
#define SLM_F16_GEMM_H

#include <stddef.h>
#include <stdint.h>

/// Values of k summed in fp16 before the partial sums move to f32 (each register lane adds
/// half of them). Measured (bench/quant F16GEMMBench): 64 runs ~15 % faster than 32 (the
/// widening to f32 shares the FMA ports) for max error 2.7e-4 instead of 2.2e-4 of Σ|a·b|.
#define SLM_F16_GEMM_CHUNK 64
/// Columns of C per packed panel of B (the register tile's width); splits of n along
/// multiples of it keep every panel whole.
#define SLM_F16_GEMM_PANEL 48

/// Whether this CPU has AVX512-FP16 (with AVX-512 F/BW/VL).
int slm_f16_gemm_available(void);

/// Rows of C per register tile: packed A holds m rounded up to a multiple of it.
#define SLM_F16_GEMM_ROWS 8

// A product is three steps, each can be split over threads: pack A (by row ranges of whole
// register tiles), pack W's panels (by panel ranges), multiply (by panel ranges). Packed A
// takes ceil(m/8)·8 · ceil(k/2) words and as many floats of inverse scales; the panels
// ceil(n/48) · 48 · ceil(k/2) words. Word buffers must be 4-byte aligned.

/// Rows 0 ..< m of A (m×k, row stride lda) as fp16 pairs, each row scaled by its power of
/// two; rows m ..< ceil(m/8)·8 are zero. inverse[i] undoes row i's scale.
void slm_f16_gemm_pack_a(size_t m, size_t k, const float *a, size_t lda, uint32_t *packed, float *inverse);

/// Panels first ..< end of B = Wᵀ, W row-major n×k (row stride ldw): C = A·Wᵀ, the forward
/// product Y = X·Wᵀ of a linear layer.
void slm_f16_gemm_pack_wt(size_t n, size_t k, const float *w, size_t ldw, size_t first, size_t end, uint32_t *panels);

/// Panels first ..< end of B = W, W row-major k×n (row stride ldw): C = A·W, the backward
/// product dX = dY·W.
void slm_f16_gemm_pack_w(size_t n, size_t k, const float *w, size_t ldw, size_t first, size_t end, uint32_t *panels);

/// C (m×n, row stride ldc), columns of panels first ..< end, from packed A and panels.
void slm_f16_gemm_multiply(size_t m, size_t n, size_t k, const uint32_t *packed_a, const float *inverse,
                           const uint32_t *panels, size_t first, size_t end, float *c, size_t ldc);

#endif
