// The memory-sized kernels of MemoryKernels.h.
//
// Why C: the Swift versions are written in SIMD8 arithmetic, but Swift compiles SIMD8 to pairs
// of 4-wide SSE operations on the default x86-64 target and keeps per-lane selects and
// transpositions in memory; with several heads these kernels were a third of training time.
// Here the same operations run on 8-wide AVX registers. No fused multiply-adds: each element
// gets exactly the multiplications and additions of the Swift code, in the same order.

#include "MemoryKernels.h"

#pragma clang fp contract(off)

enum { LANES = 8, MAX_HEADS = 16 };

#if defined(__x86_64__)
#include <immintrin.h>

#define AVX2 __attribute__((target("avx2")))
#define INLINE_AVX2 static inline __attribute__((always_inline, target("avx2")))

static int has_avx2(void) {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2");
}

// Lanes l < n set, for the loads and stores of a last, partial block of columns.
INLINE_AVX2 __m256i lane_mask(long n) {
  return _mm256_cmpgt_epi32(_mm256_set1_epi32((int)n), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
}

// Columns j ..< j + 8 of a row, lanes past the mask zero.
INLINE_AVX2 __m256 load(const float *p, __m256i mask, int full) {
  return full ? _mm256_loadu_ps(p) : _mm256_maskload_ps(p, mask);
}

INLINE_AVX2 void store(float *p, __m256 v, __m256i mask, int full) {
  if (full)
    _mm256_storeu_ps(p, v);
  else
    _mm256_maskstore_ps(p, mask, v);
}

// t[k] becomes the vector of lane k of the eight vectors t (an 8 × 8 transposition).
INLINE_AVX2 void transpose8(__m256 t[8]) {
  __m256 a0 = _mm256_unpacklo_ps(t[0], t[1]), a1 = _mm256_unpackhi_ps(t[0], t[1]);
  __m256 a2 = _mm256_unpacklo_ps(t[2], t[3]), a3 = _mm256_unpackhi_ps(t[2], t[3]);
  __m256 a4 = _mm256_unpacklo_ps(t[4], t[5]), a5 = _mm256_unpackhi_ps(t[4], t[5]);
  __m256 a6 = _mm256_unpacklo_ps(t[6], t[7]), a7 = _mm256_unpackhi_ps(t[6], t[7]);
  __m256 b0 = _mm256_shuffle_ps(a0, a2, 0x44), b1 = _mm256_shuffle_ps(a0, a2, 0xEE);
  __m256 b2 = _mm256_shuffle_ps(a1, a3, 0x44), b3 = _mm256_shuffle_ps(a1, a3, 0xEE);
  __m256 b4 = _mm256_shuffle_ps(a4, a6, 0x44), b5 = _mm256_shuffle_ps(a4, a6, 0xEE);
  __m256 b6 = _mm256_shuffle_ps(a5, a7, 0x44), b7 = _mm256_shuffle_ps(a5, a7, 0xEE);
  t[0] = _mm256_permute2f128_ps(b0, b4, 0x20);
  t[1] = _mm256_permute2f128_ps(b1, b5, 0x20);
  t[2] = _mm256_permute2f128_ps(b2, b6, 0x20);
  t[3] = _mm256_permute2f128_ps(b3, b7, 0x20);
  t[4] = _mm256_permute2f128_ps(b0, b4, 0x31);
  t[5] = _mm256_permute2f128_ps(b1, b5, 0x31);
  t[6] = _mm256_permute2f128_ps(b2, b6, 0x31);
  t[7] = _mm256_permute2f128_ps(b3, b7, 0x31);
}

// ---------------------------------------------------------------------------------------------
// MemoryAccess.writeBackward

// One block of columns j ..< j + width (width ≤ 8) for every head and row. Each row's erase
// factors 1 − wₕ(i) eₕ are formed once and shared by the heads.
AVX2 static void write_backward_block(const float *memory, long n, long m, long heads,
                                      const float *w, const float *e, const float *a,
                                      const float *d_after, float *d_before, float *d_w,
                                      float *d_e, float *d_a, long j, long width) {
  const __m256i mask = lane_mask(width);
  const int full = width == LANES;
  const __m256 one = _mm256_set1_ps(1), sign = _mm256_set1_ps(-0.0f);
  __m256 erase[MAX_HEADS], add[MAX_HEADS], e_sum[MAX_HEADS], a_sum[MAX_HEADS];
  for (long h = 0; h < heads; h++) {
    erase[h] = load(e + h * m + j, mask, full);
    add[h] = load(a + h * m + j, mask, full);
    e_sum[h] = a_sum[h] = _mm256_setzero_ps();
  }
  for (long first = 0; first < n; first += LANES) {
    long rows = n - first < LANES ? n - first : LANES;
    __m256 terms[MAX_HEADS][LANES];
    for (long l = 0; l < rows; l++) {
      long i = first + l;
      __m256 keep[MAX_HEADS];  // 1 − wₕ(i) eₕ
      for (long k = 0; k < heads; k++)
        keep[k] = _mm256_sub_ps(one, _mm256_mul_ps(_mm256_set1_ps(w[k * n + i]), erase[k]));
      const __m256 g = load(d_after + i * m + j, mask, full);
      // dM before = dM after ∘ Πₕ (1 − wₕ(i) eₕ).
      __m256 v = g;
      for (long k = 0; k < heads; k++) v = _mm256_mul_ps(v, keep[k]);
      store(d_before + i * m + j, v, mask, full);
      const __m256 minus_g_old = _mm256_mul_ps(_mm256_xor_ps(g, sign), load(memory + i * m + j, mask, full));
      for (long h = 0; h < heads; h++) {
        __m256 common = minus_g_old;
        if (heads > 1) {  // the other heads' erase factors
          __m256 others = one;
          for (long k = 0; k < heads; k++)
            if (k != h) others = _mm256_mul_ps(others, keep[k]);
          common = _mm256_mul_ps(common, others);
        }
        const __m256 wi = _mm256_set1_ps(w[h * n + i]);
        terms[h][l] = _mm256_add_ps(_mm256_mul_ps(add[h], g), _mm256_mul_ps(common, erase[h]));
        e_sum[h] = _mm256_add_ps(_mm256_mul_ps(common, wi), e_sum[h]);
        a_sum[h] = _mm256_add_ps(_mm256_mul_ps(wi, g), a_sum[h]);
      }
    }
    // dwₕ(i) += the row's terms, column after column.
    for (long h = 0; h < heads; h++) {
      float *sums = d_w + h * n + first;
      if (rows == LANES) {
        transpose8(terms[h]);
        __m256 s = _mm256_loadu_ps(sums);
        for (long c = 0; c < width; c++) s = _mm256_add_ps(s, terms[h][c]);
        _mm256_storeu_ps(sums, s);
      } else {
        for (long l = 0; l < rows; l++) {
          float t[LANES];
          _mm256_storeu_ps(t, terms[h][l]);
          for (long c = 0; c < width; c++) sums[l] += t[c];
        }
      }
    }
  }
  for (long h = 0; h < heads; h++) {
    store(d_e + h * m + j, e_sum[h], mask, full);
    store(d_a + h * m + j, a_sum[h], mask, full);
  }
}

AVX2 static void avx2_write_backward(const float *memory, long n, long m, long heads,
                                     const float *w, const float *e, const float *a,
                                     const float *d_after, float *d_before, float *d_w, float *d_e,
                                     float *d_a) {
  for (long k = 0; k < heads * n; k++) d_w[k] = 0;
  for (long j = 0; j < m; j += LANES) {
    long width = m - j < LANES ? m - j : LANES;
    write_backward_block(memory, n, m, heads, w, e, a, d_after, d_before, d_w, d_e, d_a, j, width);
  }
}
// ---------------------------------------------------------------------------------------------
// Addressing.rowNormsAndDots

// Kernels.squaredNormAndDotPartials of one row: blocks of 16 columns into two running sums,
// then one more block of 8 into the first, the two added lane by lane.
INLINE_AVX2 void row_partials(const float *x, const float *k, long m, __m256 *xx, __m256 *xy) {
  __m256 a0 = _mm256_setzero_ps(), a1 = a0, b0 = a0, b1 = a0;
  long j = 0;
  for (; j + 16 <= m; j += 16) {
    __m256 x0 = _mm256_loadu_ps(x + j), x1 = _mm256_loadu_ps(x + j + 8);
    a0 = _mm256_add_ps(_mm256_mul_ps(x0, x0), a0);
    a1 = _mm256_add_ps(_mm256_mul_ps(x1, x1), a1);
    b0 = _mm256_add_ps(_mm256_mul_ps(x0, _mm256_loadu_ps(k + j)), b0);
    b1 = _mm256_add_ps(_mm256_mul_ps(x1, _mm256_loadu_ps(k + j + 8)), b1);
  }
  if (j + 8 <= m) {
    __m256 x0 = _mm256_loadu_ps(x + j);
    a0 = _mm256_add_ps(_mm256_mul_ps(x0, x0), a0);
    b0 = _mm256_add_ps(_mm256_mul_ps(x0, _mm256_loadu_ps(k + j)), b0);
  }
  *xx = _mm256_add_ps(a0, a1);
  *xy = _mm256_add_ps(b0, b1);
}

// Lane sums of eight partials in lane order from −0 (SIMD8.sum), one row per lane.
INLINE_AVX2 __m256 lane_sums(__m256 p[8]) {
  transpose8(p);
  __m256 s = _mm256_set1_ps(-0.0f);
  for (int l = 0; l < LANES; l++) s = _mm256_add_ps(s, p[l]);
  return s;
}

AVX2 static void avx2_row_norms_and_dots(const float *memory, long n, long m, const float *key,
                                         float *norms, float *dots) {
  const long vector_end = m / LANES * LANES;
  long i = 0;
  for (; i + LANES <= n; i += LANES) {
    __m256 xx[LANES], xy[LANES];
    for (int l = 0; l < LANES; l++) row_partials(memory + (i + l) * m, key, m, &xx[l], &xy[l]);
    __m256 norm = lane_sums(xx), dot = lane_sums(xy);
    for (long j = vector_end; j < m; j++) {  // the last columns, one at a time
      const float *c = memory + i * m + j;
      __m256 column = _mm256_setr_ps(c[0], c[m], c[2 * m], c[3 * m], c[4 * m], c[5 * m], c[6 * m], c[7 * m]);
      norm = _mm256_add_ps(norm, _mm256_mul_ps(column, column));
      dot = _mm256_add_ps(dot, _mm256_mul_ps(column, _mm256_set1_ps(key[j])));
    }
    _mm256_storeu_ps(norms + i, _mm256_sqrt_ps(norm));
    _mm256_storeu_ps(dots + i, dot);
  }
  for (; i < n; i++) {  // Kernels.squaredNormAndDot, for the rows past the last multiple of 8
    const float *x = memory + i * m;
    __m256 pxx, pxy;
    row_partials(x, key, m, &pxx, &pxy);
    float a[LANES], b[LANES];
    _mm256_storeu_ps(a, pxx);
    _mm256_storeu_ps(b, pxy);
    float norm = -0.0f, dot = -0.0f;
    for (int l = 0; l < LANES; l++) {
      norm += a[l];
      dot += b[l];
    }
    for (long j = vector_end; j < m; j++) {
      norm += x[j] * x[j];
      dot += x[j] * key[j];
    }
    norms[i] = __builtin_sqrtf(norm);
    dots[i] = dot;
  }
}

// ---------------------------------------------------------------------------------------------
// Addressing.cosineSimilarityBackward

AVX2 static void avx2_cosine_similarity_backward(const float *key, float key_norm,
                                                 const float *norms, const float *dots,
                                                 const float *memory, long n, long m,
                                                 const float *d, float *d_memory,
                                                 float *coefficients, float *d_key) {
  // Each location's coefficients: a = d/D and b = d (k·Mᵢ)/D² with D = ‖k‖‖Mᵢ‖ + ε, then the
  // two direction terms' factors −b ‖Mᵢ‖/‖k‖ and −b ‖k‖/‖Mᵢ‖.
  float *a = coefficients, *key_term = coefficients + n, *row_term = coefficients + 2 * n;
  const __m256 k_norm = _mm256_set1_ps(key_norm), epsilon = _mm256_set1_ps(1e-8f);
  const __m256 sign = _mm256_set1_ps(-0.0f);
  for (long i = 0; i < n; i += LANES) {
    const __m256i mask = lane_mask(n - i);
    const int full = n - i >= LANES;
    __m256 row_norm = load(norms + i, mask, full);
    __m256 denominator = _mm256_add_ps(_mm256_mul_ps(k_norm, row_norm), epsilon);
    __m256 di = load(d + i, mask, full);
    __m256 b = _mm256_div_ps(_mm256_mul_ps(di, load(dots + i, mask, full)),
                             _mm256_mul_ps(denominator, denominator));
    __m256 minus_b = _mm256_xor_ps(b, sign);
    store(a + i, _mm256_div_ps(di, denominator), mask, full);
    store(key_term + i, _mm256_div_ps(_mm256_mul_ps(minus_b, row_norm), k_norm), mask, full);
    store(row_term + i, _mm256_div_ps(_mm256_mul_ps(minus_b, k_norm), row_norm), mask, full);
  }
  // One pass down the rows: row i of dM gets a k + (row term) Mᵢ, and dk the sum over the rows,
  // in order, of a Mᵢ + (key term) k.
  for (long j = 0; j < m; j += LANES) {
    const __m256i mask = lane_mask(m - j);
    const int full = m - j >= LANES;
    const __m256 kj = load(key + j, mask, full);
    __m256 sum = _mm256_setzero_ps();
    for (long i = 0; i < n; i++) {
      if (d[i] == 0) continue;
      const __m256 x = load(memory + i * m + j, mask, full);
      sum = _mm256_add_ps(_mm256_mul_ps(_mm256_set1_ps(a[i]), x), sum);
      if (key_norm > 0) sum = _mm256_add_ps(_mm256_mul_ps(_mm256_set1_ps(key_term[i]), kj), sum);
      float *row = d_memory + i * m + j;
      __m256 v = _mm256_add_ps(_mm256_mul_ps(_mm256_set1_ps(a[i]), kj), load(row, mask, full));
      if (norms[i] > 0) v = _mm256_add_ps(_mm256_mul_ps(_mm256_set1_ps(row_term[i]), x), v);
      store(row, v, mask, full);
    }
    store(d_key + j, sum, mask, full);
  }
}
#else
static int has_avx2(void) { return 0; }
#endif

int ntm_memory_kernels_available(void) { return has_avx2(); }

int ntm_row_norms_and_dots(const float *memory, long n, long m, const float *key, float *norms,
                           float *dots) {
#if defined(__x86_64__)
  if (has_avx2()) {
    avx2_row_norms_and_dots(memory, n, m, key, norms, dots);
    return 1;
  }
#endif
  return 0;
}

int ntm_cosine_similarity_backward(const float *key, float key_norm, const float *norms,
                                   const float *dots, const float *memory, long n, long m,
                                   const float *d_similarity, float *d_memory, float *coefficients,
                                   float *d_key) {
#if defined(__x86_64__)
  if (has_avx2()) {
    avx2_cosine_similarity_backward(key, key_norm, norms, dots, memory, n, m, d_similarity, d_memory,
                                    coefficients, d_key);
    return 1;
  }
#endif
  return 0;
}

int ntm_write_backward(const float *memory, long n, long m, long heads, const float *weightings,
                       const float *erases, const float *adds, const float *d_after, float *d_before,
                       float *d_weightings, float *d_erases, float *d_adds) {
#if defined(__x86_64__)
  if (has_avx2() && heads <= MAX_HEADS) {
    avx2_write_backward(memory, n, m, heads, weightings, erases, adds, d_after, d_before,
                        d_weightings, d_erases, d_adds);
    return 1;
  }
#endif
  return 0;
}
