// The dense kernels of CDenseKernels.h.
//
// Why C: Swift cannot mark one function as using AVX2 and FMA while the rest of the program
// stays portable, and without fused multiply-adds these products run at half the speed. Here
// each kernel is written twice: once as the reference definition (portable C on `fmaf`, one
// lane at a time), and once with AVX2 and FMA instructions that perform exactly the same
// operations eight lanes at a time. The AVX2 versions are used when the processor has them.
//
// The definition: columns are taken in blocks of 8 ("lanes"), the last block padded with zeros.
// - A dot product W[r] · x keeps four 8-lane accumulators, block k going to accumulator k mod 4,
//   each updated with a fused multiply-add; then s = (a0 + a1) + (a2 + a3) lane by lane, and
//   the lanes are added as ((s0 + s4) + (s2 + s6)) + ((s1 + s5) + (s3 + s7)).
// - A transposed product or an outer-product sum keeps one accumulator per column, starting at
//   zero, updated with a fused multiply-add for each row (or step) in order.

#include "CDenseKernels.h"

#include <math.h>
#include <stdlib.h>

// No contraction of a * b + c into fused operations behind our back: every fused multiply-add
// is written out, so that both versions perform exactly the same operations.
#pragma clang fp contract(off)

enum { LANES = 8, ACCUMULATORS = 4 };

// ---------------------------------------------------------------------------------------------
// The reference definition.

static float portable_dot(const float *w, const float *x, long columns) {
  float a[ACCUMULATORS][LANES] = {{0}};
  long blocks = (columns + LANES - 1) / LANES;
  for (long k = 0; k < blocks; k++) {
    for (int l = 0; l < LANES; l++) {
      long j = k * LANES + l;
      float wj = j < columns ? w[j] : 0.0f;
      float xj = j < columns ? x[j] : 0.0f;
      a[k % ACCUMULATORS][l] = fmaf(wj, xj, a[k % ACCUMULATORS][l]);
    }
  }
  float s[LANES];
  for (int l = 0; l < LANES; l++) s[l] = (a[0][l] + a[1][l]) + (a[2][l] + a[3][l]);
  return ((s[0] + s[4]) + (s[2] + s[6])) + ((s[1] + s[5]) + (s[3] + s[7]));
}

void ntm_matrix_vector_portable(const float *weight, const float *input, const float *bias,
                                float *output, long rows, long columns) {
  for (long r = 0; r < rows; r++) {
    float dot = portable_dot(weight + r * columns, input, columns);
    output[r] = bias ? bias[r] + dot : dot;
  }
}

void ntm_transposed_product_portable(const float *weight, const float *output_gradient,
                                     float *output, long rows, long columns, long first) {
  for (long j = 0; j < first; j++) output[j] = 0;
  for (long j = first; j < columns; j++) {
    float a = 0;
    for (long r = 0; r < rows; r++) {
      if (output_gradient[r] != 0) a = fmaf(output_gradient[r], weight[r * columns + j], a);
    }
    output[j] = a;
  }
}

void ntm_accumulate_outer_products_portable(const float *output_gradients, const float *inputs,
                                            long steps, long rows, long columns, long row_begin,
                                            long row_end, float *weight_gradient,
                                            float *bias_gradient) {
  for (long r = row_begin; r < row_end; r++) {
    float bias = 0;
    for (long t = 0; t < steps; t++) {
      float g = output_gradients[t * rows + r];
      if (g != 0) bias += g;
    }
    bias_gradient[r] += bias;
    for (long j = 0; j < columns; j++) {
      float a = 0;
      for (long t = 0; t < steps; t++) {
        float g = output_gradients[t * rows + r];
        if (g != 0) a = fmaf(g, inputs[t * columns + j], a);
      }
      weight_gradient[r * columns + j] += a;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The same operations with AVX2 and FMA.

#if defined(__x86_64__)
#include <immintrin.h>

#define AVX2 __attribute__((target("avx2,fma")))
#define INLINE_AVX2 static inline __attribute__((always_inline, target("avx2,fma")))

// Lanes l < n set: for the masked loads and stores of a last, partial block.
INLINE_AVX2 __m256i lane_mask(long n) {
  return _mm256_cmpgt_epi32(_mm256_set1_epi32((int)n), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
}

INLINE_AVX2 float horizontal_sum(__m256 s) {
  __m128 t = _mm_add_ps(_mm256_castps256_ps128(s), _mm256_extractf128_ps(s, 1));  // s_l + s_l+4
  __m128 u = _mm_add_ps(t, _mm_movehl_ps(t, t));                                   // t0+t2, t1+t3
  return _mm_cvtss_f32(_mm_add_ss(u, _mm_shuffle_ps(u, u, 1)));
}

// Rows r0 and r1 (r1 may equal r0 when there is one row left) against x.
INLINE_AVX2 void avx2_dot_pair(const float *w0, const float *w1, const float *x, long columns,
                               float *y0, float *y1) {
  __m256 a[ACCUMULATORS], b[ACCUMULATORS];
  for (int i = 0; i < ACCUMULATORS; i++) a[i] = b[i] = _mm256_setzero_ps();
  long full = columns / LANES;
  long k = 0;
  for (; k + ACCUMULATORS <= full; k += ACCUMULATORS) {
    for (int i = 0; i < ACCUMULATORS; i++) {
      __m256 xv = _mm256_loadu_ps(x + (k + i) * LANES);
      a[i] = _mm256_fmadd_ps(_mm256_loadu_ps(w0 + (k + i) * LANES), xv, a[i]);
      b[i] = _mm256_fmadd_ps(_mm256_loadu_ps(w1 + (k + i) * LANES), xv, b[i]);
    }
  }
  for (int i = 0; k < full; k++, i++) {
    __m256 xv = _mm256_loadu_ps(x + k * LANES);
    a[i] = _mm256_fmadd_ps(_mm256_loadu_ps(w0 + k * LANES), xv, a[i]);
    b[i] = _mm256_fmadd_ps(_mm256_loadu_ps(w1 + k * LANES), xv, b[i]);
  }
  long rest = columns - full * LANES;
  if (rest) {
    __m256i m = lane_mask(rest);
    __m256 xv = _mm256_maskload_ps(x + k * LANES, m);
    int i = (int)(k % ACCUMULATORS);
    a[i] = _mm256_fmadd_ps(_mm256_maskload_ps(w0 + k * LANES, m), xv, a[i]);
    b[i] = _mm256_fmadd_ps(_mm256_maskload_ps(w1 + k * LANES, m), xv, b[i]);
  }
  *y0 = horizontal_sum(_mm256_add_ps(_mm256_add_ps(a[0], a[1]), _mm256_add_ps(a[2], a[3])));
  *y1 = horizontal_sum(_mm256_add_ps(_mm256_add_ps(b[0], b[1]), _mm256_add_ps(b[2], b[3])));
}

AVX2 static void avx2_matrix_vector(const float *weight, const float *input, const float *bias,
                                    float *output, long rows, long columns) {
  for (long r = 0; r < rows; r += 2) {
    long r1 = r + 1 < rows ? r + 1 : r;
    float y0, y1;
    avx2_dot_pair(weight + r * columns, weight + r1 * columns, input, columns, &y0, &y1);
    output[r] = bias ? bias[r] + y0 : y0;
    output[r1] = bias ? bias[r1] + y1 : y1;
  }
}

enum { GROUP = 8 };  // blocks summed side by side: enough independent chains to fill both FMA units

// Columns j ..< j + 8·GROUP (those below `end`) of Σᵣ dout[r] W[r, :].
INLINE_AVX2 void avx2_transposed_group(const float *weight, const float *dout, float *output,
                                       long rows, long columns, long j, long end, int masked) {
  __m256 a[GROUP];
  __m256i m[GROUP];
  for (int i = 0; i < GROUP; i++) {
    a[i] = _mm256_setzero_ps();
    m[i] = lane_mask(end - (j + i * LANES));
  }
  for (long r = 0; r < rows; r++) {
    float d = dout[r];
    if (d == 0) continue;
    __m256 dv = _mm256_set1_ps(d);
    const float *row = weight + r * columns + j;
    for (int i = 0; i < GROUP; i++) {
      __m256 wv = masked ? _mm256_maskload_ps(row + i * LANES, m[i]) : _mm256_loadu_ps(row + i * LANES);
      a[i] = _mm256_fmadd_ps(dv, wv, a[i]);
    }
  }
  for (int i = 0; i < GROUP; i++) {
    if (masked)
      _mm256_maskstore_ps(output + j + i * LANES, m[i], a[i]);
    else
      _mm256_storeu_ps(output + j + i * LANES, a[i]);
  }
}

AVX2 static void avx2_transposed_product(const float *weight, const float *output_gradient,
                                         float *output, long rows, long columns, long first) {
  for (long j = 0; j < first; j++) output[j] = 0;
  long j = first;
  for (; j + GROUP * LANES <= columns; j += GROUP * LANES)
    avx2_transposed_group(weight, output_gradient, output, rows, columns, j, columns, 0);
  if (j < columns) avx2_transposed_group(weight, output_gradient, output, rows, columns, j, columns, 1);
}

// Row r, columns j ..< j + 8·GROUP (those below `columns`), of Σₜ dz[t, r] xₜ, added to W.
INLINE_AVX2 void avx2_outer_group(const float *coefficients, const float *inputs, long steps,
                                  long columns, long j, float *out, int masked) {
  __m256 a[GROUP];
  __m256i m[GROUP];
  for (int i = 0; i < GROUP; i++) {
    a[i] = _mm256_setzero_ps();
    m[i] = lane_mask(columns - (j + i * LANES));
  }
  for (long t = 0; t < steps; t++) {
    float g = coefficients[t];
    if (g == 0) continue;
    __m256 gv = _mm256_set1_ps(g);
    const float *x = inputs + t * columns + j;
    for (int i = 0; i < GROUP; i++) {
      __m256 xv = masked ? _mm256_maskload_ps(x + i * LANES, m[i]) : _mm256_loadu_ps(x + i * LANES);
      a[i] = _mm256_fmadd_ps(gv, xv, a[i]);
    }
  }
  for (int i = 0; i < GROUP; i++) {
    float *o = out + j + i * LANES;
    if (masked)
      _mm256_maskstore_ps(o, m[i], _mm256_add_ps(_mm256_maskload_ps(o, m[i]), a[i]));
    else
      _mm256_storeu_ps(o, _mm256_add_ps(_mm256_loadu_ps(o), a[i]));
  }
}

AVX2 static void avx2_accumulate_outer_products(const float *output_gradients, const float *inputs,
                                                long steps, long rows, long columns, long row_begin,
                                                long row_end, float *weight_gradient,
                                                float *bias_gradient) {
  float *coefficients = malloc((size_t)(steps > 0 ? steps : 1) * sizeof(float));  // row r's dz
  for (long r = row_begin; r < row_end; r++) {
    float bias = 0;
    for (long t = 0; t < steps; t++) {
      coefficients[t] = output_gradients[t * rows + r];
      if (coefficients[t] != 0) bias += coefficients[t];
    }
    bias_gradient[r] += bias;
    float *out = weight_gradient + r * columns;
    long j = 0;
    for (; j + GROUP * LANES <= columns; j += GROUP * LANES)
      avx2_outer_group(coefficients, inputs, steps, columns, j, out, 0);
    if (j < columns) avx2_outer_group(coefficients, inputs, steps, columns, j, out, 1);
  }
  free(coefficients);
}

static int has_avx2_fma(void) {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}
#else
static int has_avx2_fma(void) { return 0; }
#endif

// ---------------------------------------------------------------------------------------------
// Dispatch.

void ntm_matrix_vector(const float *weight, const float *input, const float *bias, float *output,
                       long rows, long columns) {
#if defined(__x86_64__)
  if (has_avx2_fma()) return avx2_matrix_vector(weight, input, bias, output, rows, columns);
#endif
  ntm_matrix_vector_portable(weight, input, bias, output, rows, columns);
}

void ntm_transposed_product(const float *weight, const float *output_gradient, float *output,
                            long rows, long columns, long first) {
#if defined(__x86_64__)
  if (has_avx2_fma())
    return avx2_transposed_product(weight, output_gradient, output, rows, columns, first);
#endif
  ntm_transposed_product_portable(weight, output_gradient, output, rows, columns, first);
}

void ntm_accumulate_outer_products(const float *output_gradients, const float *inputs, long steps,
                                   long rows, long columns, long row_begin, long row_end,
                                   float *weight_gradient, float *bias_gradient) {
#if defined(__x86_64__)
  if (has_avx2_fma())
    return avx2_accumulate_outer_products(output_gradients, inputs, steps, rows, columns, row_begin,
                                          row_end, weight_gradient, bias_gradient);
#endif
  ntm_accumulate_outer_products_portable(output_gradients, inputs, steps, rows, columns, row_begin,
                                         row_end, weight_gradient, bias_gradient);
}

int ntm_dense_kernels_use_fma_instructions(void) { return has_avx2_fma(); }
