#ifndef NTM_DENSE_KERNELS_H
#define NTM_DENSE_KERNELS_H

/// The three single-precision dense kernels that dominate training, with fused multiply-adds.
///
/// Each result is defined by an exact sequence of fused multiply-adds (see DenseKernels.c), and
/// every implementation (AVX2 and FMA on x86-64, NEON on arm64, and a portable one built on
/// fmaf for other processors) follows it, so results are the same bit for bit on any machine.
/// Matrices are row-major; columns are taken in blocks of 8, the last one padded with zeros.

/// y[r] = bias[r] + Σⱼ W[r, j] x[j] for r in 0 ..< rows (no bias when `bias` is null).
void ntm_matrix_vector(const float *weight, const float *input, const float *bias, float *output,
                       long rows, long columns);

/// out[j] = Σᵣ dout[r] W[r, j] for j in first ..< columns, summed over the rows in order and
/// skipping rows whose dout is zero; out[j] = 0 for j < first.
void ntm_transposed_product(const float *weight, const float *output_gradient, float *output,
                            long rows, long columns, long first);

/// For r in row_begin ..< row_end: W[r, :] += Σₜ dz[t, r] xₜ and b[r] += Σₜ dz[t, r], each sum
/// formed from zero over the steps in order (skipping zero dz) and then added to the total.
/// `dz` is steps × rows and `x` steps × columns, stored step after step.
void ntm_accumulate_outer_products(const float *output_gradients, const float *inputs, long steps,
                                   long rows, long columns, long row_begin, long row_end,
                                   float *weight_gradient, float *bias_gradient);

/// The reference definitions, one lane at a time on `fmaf`: what the dispatching functions
/// above must equal bit for bit (the tests check it).
void ntm_matrix_vector_portable(const float *weight, const float *input, const float *bias,
                                float *output, long rows, long columns);
void ntm_transposed_product_portable(const float *weight, const float *output_gradient,
                                     float *output, long rows, long columns, long first);
void ntm_accumulate_outer_products_portable(const float *output_gradients, const float *inputs,
                                            long steps, long rows, long columns, long row_begin,
                                            long row_end, float *weight_gradient,
                                            float *bias_gradient);

/// 1 when the functions above run on AVX2 and FMA instructions, 0 when on the reference code.
int ntm_dense_kernels_use_fma_instructions(void);

#include "ParameterUpdate.h"
#include "MemoryKernels.h"

#endif
