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
// One thread; callers split n for more. Call only when slm_f16_gemm_available().
#ifndef SLM_F16_GEMM_H
#define SLM_F16_GEMM_H

#include <stddef.h>

/// Values of k summed in fp16 before the partial sums move to f32.
#define SLM_F16_GEMM_CHUNK 32
/// Columns of C per packed panel of B (the register tile's width); splits of n along
/// multiples of it keep every panel whole.
#define SLM_F16_GEMM_PANEL 48

/// Whether this CPU has AVX512-FP16 (with AVX-512 F/BW/VL).
int slm_f16_gemm_available(void);

/// C (m×n, row stride ldc) = A (m×k, lda) · Wᵀ, W row-major n×k (row stride ldw): the
/// forward product Y = X·Wᵀ of a linear layer. Returns 0, or -1 when scratch memory
/// (about (m + 48)·k·2 bytes) cannot be allocated (C untouched).
int slm_f16_gemm_a_wt(size_t m, size_t n, size_t k, const float *a, size_t lda,
                      const float *w, size_t ldw, float *c, size_t ldc);

/// C (m×n, ldc) = A (m×k, lda) · W, W row-major k×n (row stride ldw): the backward product
/// dX = dY·W. Returns 0, or -1 when scratch memory cannot be allocated (C untouched).
int slm_f16_gemm_a_w(size_t m, size_t n, size_t k, const float *a, size_t lda,
                     const float *w, size_t ldw, float *c, size_t ldc);

#endif
