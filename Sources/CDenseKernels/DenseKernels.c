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

// Rows r0 and r1 (r1 may equal r0 when there is one row left) against x. The accumulators are
// named rather than an array indexed at run time, which would keep them in memory.
INLINE_AVX2 void avx2_dot_pair(const float *w0, const float *w1, const float *x, long columns,
                               float *y0, float *y1) {
  __m256 a0 = _mm256_setzero_ps(), a1 = a0, a2 = a0, a3 = a0;
  __m256 b0 = a0, b1 = a0, b2 = a0, b3 = a0;
#define BLOCK(a, b, k)                                         \
  do {                                                         \
    __m256 xv = _mm256_loadu_ps(x + (k)*LANES);                \
    a = _mm256_fmadd_ps(_mm256_loadu_ps(w0 + (k)*LANES), xv, a); \
    b = _mm256_fmadd_ps(_mm256_loadu_ps(w1 + (k)*LANES), xv, b); \
  } while (0)
  long full = columns / LANES;
  long k = 0;
  for (; k + ACCUMULATORS <= full; k += ACCUMULATORS) {
    BLOCK(a0, b0, k);
    BLOCK(a1, b1, k + 1);
    BLOCK(a2, b2, k + 2);
    BLOCK(a3, b3, k + 3);
  }
  long left = full - k;  // 0 … 3 whole blocks, then perhaps a partial one
  if (left > 0) BLOCK(a0, b0, k);
  if (left > 1) BLOCK(a1, b1, k + 1);
  if (left > 2) BLOCK(a2, b2, k + 2);
#undef BLOCK
  long rest = columns - full * LANES;
  if (rest) {
    long at = full * LANES;
    __m256i m = lane_mask(rest);
    __m256 xv = _mm256_maskload_ps(x + at, m);
    __m256 u = _mm256_maskload_ps(w0 + at, m), v = _mm256_maskload_ps(w1 + at, m);
    switch (left) {  // block `full` belongs to accumulator full mod 4 = left
      case 0: a0 = _mm256_fmadd_ps(u, xv, a0); b0 = _mm256_fmadd_ps(v, xv, b0); break;
      case 1: a1 = _mm256_fmadd_ps(u, xv, a1); b1 = _mm256_fmadd_ps(v, xv, b1); break;
      case 2: a2 = _mm256_fmadd_ps(u, xv, a2); b2 = _mm256_fmadd_ps(v, xv, b2); break;
      default: a3 = _mm256_fmadd_ps(u, xv, a3); b3 = _mm256_fmadd_ps(v, xv, b3); break;
    }
  }
  *y0 = horizontal_sum(_mm256_add_ps(_mm256_add_ps(a0, a1), _mm256_add_ps(a2, a3)));
  *y1 = horizontal_sum(_mm256_add_ps(_mm256_add_ps(b0, b1), _mm256_add_ps(b2, b3)));
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

// The group functions below take `blocks` and `partial` as constants (see FOR_GROUP), so that
// the compiler unrolls their block loops and keeps every accumulator in a register. Only the
// last block of the last group of a row may be partial (loaded and stored under a lane mask).

// Loads block i of a group at p: in full, or, when it is the partial last one, masked.
#define LOAD_BLOCK(p, i) \
  ((partial && (i) == blocks - 1) ? _mm256_maskload_ps((p) + (i)*LANES, mask) : _mm256_loadu_ps((p) + (i)*LANES))

// Calls GROUP_FN(..., blocks, partial) for `count` columns (1 … 64) with constant arguments.
#define FOR_GROUP(count, call)                         \
  do {                                                 \
    long blocks_ = ((count) + LANES - 1) / LANES;      \
    int partial_ = (count) % LANES != 0;               \
    switch (blocks_ * 2 + partial_) {                  \
      case 2: call(1, 0); break;  case 3: call(1, 1); break; \
      case 4: call(2, 0); break;  case 5: call(2, 1); break; \
      case 6: call(3, 0); break;  case 7: call(3, 1); break; \
      case 8: call(4, 0); break;  case 9: call(4, 1); break; \
      case 10: call(5, 0); break; case 11: call(5, 1); break; \
      case 12: call(6, 0); break; case 13: call(6, 1); break; \
      case 14: call(7, 0); break; case 15: call(7, 1); break; \
      case 16: call(8, 0); break; case 17: call(8, 1); break; \
    }                                                  \
  } while (0)

// Columns j ..< j + count of Σᵣ dout[r] W[r, :] into output.
INLINE_AVX2 void avx2_transposed_group(const float *weight, const float *dout, float *output, long rows,
                                       long columns, long j, long count, const int blocks,
                                       const int partial) {
  __m256 a[GROUP];
  __m256i mask = lane_mask(count - (blocks - 1) * LANES);
  for (int i = 0; i < blocks; i++) a[i] = _mm256_setzero_ps();
  for (long r = 0; r < rows; r++) {
    float d = dout[r];
    if (d == 0) continue;
    __m256 dv = _mm256_set1_ps(d);
    const float *row = weight + r * columns + j;
    for (int i = 0; i < blocks; i++) a[i] = _mm256_fmadd_ps(dv, LOAD_BLOCK(row, i), a[i]);
  }
  for (int i = 0; i < blocks; i++) {
    if (partial && i == blocks - 1)
      _mm256_maskstore_ps(output + j + i * LANES, mask, a[i]);
    else
      _mm256_storeu_ps(output + j + i * LANES, a[i]);
  }
}

AVX2 static void avx2_transposed_product(const float *weight, const float *output_gradient,
                                         float *output, long rows, long columns, long first) {
  for (long j = 0; j < first; j++) output[j] = 0;
  for (long j = first; j < columns; j += GROUP * LANES) {
    long count = columns - j < GROUP * LANES ? columns - j : GROUP * LANES;
#define CALL(b, p) avx2_transposed_group(weight, output_gradient, output, rows, columns, j, count, b, p)
    FOR_GROUP(count, CALL);
#undef CALL
  }
}

// Columns j ..< j + count of one row's Σₜ dz[t, r] xₜ, added to the row `out` of W.
INLINE_AVX2 void avx2_outer_group(const float *coefficients, const float *inputs, long steps,
                                  long columns, long j, long count, float *out, const int blocks,
                                  const int partial) {
  __m256 a[GROUP];
  __m256i mask = lane_mask(count - (blocks - 1) * LANES);
  for (int i = 0; i < blocks; i++) a[i] = _mm256_setzero_ps();
  for (long t = 0; t < steps; t++) {
    float g = coefficients[t];
    if (g == 0) continue;
    __m256 gv = _mm256_set1_ps(g);
    const float *x = inputs + t * columns + j;
    for (int i = 0; i < blocks; i++) a[i] = _mm256_fmadd_ps(gv, LOAD_BLOCK(x, i), a[i]);
  }
  for (int i = 0; i < blocks; i++) {
    float *o = out + j + i * LANES;
    if (partial && i == blocks - 1)
      _mm256_maskstore_ps(o, mask, _mm256_add_ps(_mm256_maskload_ps(o, mask), a[i]));
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
    for (long j = 0; j < columns; j += GROUP * LANES) {
      long count = columns - j < GROUP * LANES ? columns - j : GROUP * LANES;
#define CALL(b, p) avx2_outer_group(coefficients, inputs, steps, columns, j, count, out, b, p)
      FOR_GROUP(count, CALL);
#undef CALL
    }
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
