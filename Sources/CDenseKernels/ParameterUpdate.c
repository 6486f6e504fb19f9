// The fused parameter update of ParameterUpdate.h.
//
// Why C: the update is a few dozen operations for each of 60,000+ parameters, once per batch,
// and with one sequence per batch it is done once per sequence. Written with Swift's generic
// SIMD types, the compiler kept a select and the square roots lane by lane in memory, and the
// update took a third of the training time. Here it is written twice, as in DenseKernels.c: a
// reference definition one element at a time, and an AVX version that performs the same
// operations eight elements at a time. Neither uses fused multiply-adds: the operations are
// those of the Swift loop this replaced, so training results did not change by a bit.

#include "ParameterUpdate.h"

#include <math.h>

#pragma clang fp contract(off)

enum { LANES = 8 };

// ---------------------------------------------------------------------------------------------
// The reference definition.

// The gradient as the optimiser uses it: the batch mean, rescaled to the clipping norm, clamped
// to ±clip, exactly as Swift's min(max(g, −clip), clip).
static inline float clipped(const ntm_update_settings *s, float mean) {
  float g = mean * s->scale;
  g = -s->clip >= g ? -s->clip : g;
  return s->clip < g ? s->clip : g;
}

// One element's update; returns 1 when every value it wrote is finite.
static inline int update_element(const ntm_update_settings *s, ntm_update_vectors from,
                                 ntm_update_vectors to, long i, float g) {
  float p = from.parameters[i], first = from.first[i], second = from.second[i];
  if (s->kind == NTM_ADAM) {
    first = s->momentum * first + s->one_minus_momentum * g;
    second = s->decay * second + s->one_minus_decay * g * g;
    p = p - s->step * first / (sqrtf(second) + s->epsilon);
    to.first[i] = first;
    to.second[i] = second;
    to.parameters[i] = p;
    return isfinite(p) && isfinite(first) && isfinite(second);
  }
  // Graves (2013), eq. 38–41: centred RMSProp with momentum.
  float mean = from.mean[i];
  second = s->decay * second + s->one_minus_decay * g * g;
  mean = s->decay * mean + s->one_minus_decay * g;
  float difference = second - mean * mean;
  float variance = 0 >= difference ? 0 : difference;
  first = s->momentum * first - s->step * g / sqrtf(variance + s->epsilon);
  p = p + first;
  to.second[i] = second;
  to.mean[i] = mean;
  to.first[i] = first;
  to.parameters[i] = p;
  return isfinite(p) && isfinite(first) && isfinite(second) && isfinite(mean);
}

// The last elements that do not fill a block of 8 (all of them for the reference), with the
// running sums of squares per lane; returns the result.
static ntm_update_result update_elements(const ntm_update_settings *s, ntm_update_vectors from,
                                         ntm_update_vectors to, float *gradient, long begin,
                                         long end, int zero_gradient, double squares[LANES],
                                         ntm_update_result result) {
  for (long i = begin; i < end; i++) {
    float mean = gradient[i] / s->divisor;
    squares[i % LANES] += (double)mean * (double)mean;
    float g = clipped(s, mean);
    gradient[i] = zero_gradient ? 0 : g;
    if (!update_element(s, from, to, i, g) && result.first_non_finite < 0) {
      result.first_non_finite = i;
      result.gradient_there = mean;
    }
  }
  result.squared_norm =
      ((squares[0] + squares[1]) + (squares[2] + squares[3])) +
      ((squares[4] + squares[5]) + (squares[6] + squares[7]));
  return result;
}

ntm_update_result ntm_parameter_update_portable(const ntm_update_settings *settings,
                                                ntm_update_vectors from, ntm_update_vectors to,
                                                float *gradient, long count, int zero_gradient) {
  double squares[LANES] = {0};
  ntm_update_result result = {0, -1, 0};
  return update_elements(settings, from, to, gradient, 0, count, zero_gradient, squares, result);
}

// ---------------------------------------------------------------------------------------------
// The same operations with AVX, eight elements at a time.

#if defined(__x86_64__)
#include <immintrin.h>

#define AVX __attribute__((target("avx")))
#define INLINE_AVX static inline __attribute__((always_inline, target("avx")))

// `a ? b : c` lane by lane, for a mask from a comparison.
INLINE_AVX __m256 choose(__m256 mask, __m256 b, __m256 c) { return _mm256_blendv_ps(c, b, mask); }

// Lanes whose value is infinite or NaN (x − x is then NaN), as bits of a mask.
INLINE_AVX __m256 non_finite(__m256 x) {
  __m256 d = _mm256_sub_ps(x, x);
  return _mm256_cmp_ps(d, d, _CMP_UNORD_Q);
}

AVX static ntm_update_result avx_parameter_update(const ntm_update_settings *s,
                                                  ntm_update_vectors from, ntm_update_vectors to,
                                                  float *gradient, long count, int zero_gradient) {
  const __m256 divisor = _mm256_set1_ps(s->divisor), scale = _mm256_set1_ps(s->scale);
  const __m256 clip = _mm256_set1_ps(s->clip), negative_clip = _mm256_set1_ps(-s->clip);
  const __m256 step = _mm256_set1_ps(s->step), epsilon = _mm256_set1_ps(s->epsilon);
  const __m256 momentum = _mm256_set1_ps(s->momentum);
  const __m256 one_minus_momentum = _mm256_set1_ps(s->one_minus_momentum);
  const __m256 decay = _mm256_set1_ps(s->decay), one_minus_decay = _mm256_set1_ps(s->one_minus_decay);
  const __m256 zero = _mm256_setzero_ps();
  __m256d squares_low = _mm256_setzero_pd(), squares_high = squares_low;
  ntm_update_result result = {0, -1, 0};
  long full = count / LANES * LANES;
  for (long i = 0; i < full; i += LANES) {
    __m256 mean_gradient = _mm256_div_ps(_mm256_loadu_ps(gradient + i), divisor);
    __m256d low = _mm256_cvtps_pd(_mm256_castps256_ps128(mean_gradient));
    __m256d high = _mm256_cvtps_pd(_mm256_extractf128_ps(mean_gradient, 1));
    squares_low = _mm256_add_pd(squares_low, _mm256_mul_pd(low, low));
    squares_high = _mm256_add_pd(squares_high, _mm256_mul_pd(high, high));
    __m256 g = _mm256_mul_ps(mean_gradient, scale);
    g = choose(_mm256_cmp_ps(negative_clip, g, _CMP_GE_OQ), negative_clip, g);
    g = choose(_mm256_cmp_ps(clip, g, _CMP_LT_OQ), clip, g);
    _mm256_storeu_ps(gradient + i, zero_gradient ? zero : g);
    __m256 p = _mm256_loadu_ps(from.parameters + i);
    __m256 first = _mm256_loadu_ps(from.first + i), second = _mm256_loadu_ps(from.second + i);
    __m256 bad;
    if (s->kind == NTM_ADAM) {
      first = _mm256_add_ps(_mm256_mul_ps(momentum, first), _mm256_mul_ps(one_minus_momentum, g));
      second = _mm256_add_ps(_mm256_mul_ps(decay, second),
                             _mm256_mul_ps(_mm256_mul_ps(one_minus_decay, g), g));
      p = _mm256_sub_ps(p, _mm256_div_ps(_mm256_mul_ps(step, first),
                                         _mm256_add_ps(_mm256_sqrt_ps(second), epsilon)));
      bad = _mm256_or_ps(non_finite(p), _mm256_or_ps(non_finite(first), non_finite(second)));
    } else {
      __m256 mean = _mm256_loadu_ps(from.mean + i);
      second = _mm256_add_ps(_mm256_mul_ps(decay, second),
                             _mm256_mul_ps(_mm256_mul_ps(one_minus_decay, g), g));
      mean = _mm256_add_ps(_mm256_mul_ps(decay, mean), _mm256_mul_ps(one_minus_decay, g));
      __m256 difference = _mm256_sub_ps(second, _mm256_mul_ps(mean, mean));
      __m256 variance = choose(_mm256_cmp_ps(zero, difference, _CMP_GE_OQ), zero, difference);
      first = _mm256_sub_ps(_mm256_mul_ps(momentum, first),
                            _mm256_div_ps(_mm256_mul_ps(step, g),
                                          _mm256_sqrt_ps(_mm256_add_ps(variance, epsilon))));
      p = _mm256_add_ps(p, first);
      _mm256_storeu_ps(to.mean + i, mean);
      bad = _mm256_or_ps(_mm256_or_ps(non_finite(p), non_finite(first)),
                         _mm256_or_ps(non_finite(second), non_finite(mean)));
    }
    _mm256_storeu_ps(to.first + i, first);
    _mm256_storeu_ps(to.second + i, second);
    _mm256_storeu_ps(to.parameters + i, p);
    int lanes = _mm256_movemask_ps(bad);
    if (lanes && result.first_non_finite < 0) {
      float means[LANES];
      _mm256_storeu_ps(means, mean_gradient);
      long lane = __builtin_ctz((unsigned)lanes);
      result.first_non_finite = i + lane;
      result.gradient_there = means[lane];
    }
  }
  double squares[LANES];
  _mm256_storeu_pd(squares, squares_low);
  _mm256_storeu_pd(squares + 4, squares_high);
  return update_elements(s, from, to, gradient, full, count, zero_gradient, squares, result);
}

static int has_avx(void) {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx");
}
#else
static int has_avx(void) { return 0; }
#endif

ntm_update_result ntm_parameter_update(const ntm_update_settings *settings,
                                       ntm_update_vectors from, ntm_update_vectors to,
                                       float *gradient, long count, int zero_gradient) {
#if defined(__x86_64__)
  if (has_avx()) return avx_parameter_update(settings, from, to, gradient, count, zero_gradient);
#endif
  return ntm_parameter_update_portable(settings, from, to, gradient, count, zero_gradient);
}
