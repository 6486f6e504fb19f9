#ifndef NTM_PARAMETER_UPDATE_H
#define NTM_PARAMETER_UPDATE_H

/// One optimiser update over the whole flat parameter vector, in one pass: the batch mean of the
/// gradient, clipping, the optimiser's running averages, the new parameters, a check that every
/// new value is finite, and the gradient's squared norm, for every element while it is in a
/// register, rather than a pass over 60,000+ values for each of those steps.
///
/// Every element's arithmetic is a fixed sequence of single-precision IEEE operations (no fused
/// multiply-adds, see ParameterUpdate.c), each exactly rounded, so the vector version and the
/// portable one give the same bits.

typedef enum { NTM_ADAM = 0, NTM_RMSPROP = 1 } ntm_optimizer_kind;

typedef struct {
  ntm_optimizer_kind kind;
  /// The gradient is first divided by this (the batch size: the batch's mean) …
  float divisor;
  /// … then multiplied by this (clipping by the global norm; 1 for none) …
  float scale;
  /// … then clamped to ±clip (INFINITY for none).
  float clip;
  /// RMSProp: the learning rate. Adam: the step size lr √(1 − β₂ᵗ) / (1 − β₁ᵗ).
  float step;
  /// RMSProp's momentum or Adam's β₁, and 1 minus it.
  float momentum, one_minus_momentum;
  /// RMSProp's decay or Adam's β₂, and 1 minus it.
  float decay, one_minus_decay;
  float epsilon;
} ntm_update_settings;

/// The vectors an update reads and writes: the parameters and the optimiser's averages (Adam:
/// first and second moments; RMSProp: momentum buffer, mean square and mean gradient). `mean`
/// may be null for Adam.
typedef struct {
  float *parameters, *first, *second, *mean;
} ntm_update_vectors;

typedef struct {
  /// Σ (gradient / divisor)² over every element, in double precision: the squared global norm
  /// before clipping. Summed in eight running sums, element i into sum i mod 8.
  double squared_norm;
  /// The first element whose new parameter or average is infinite or NaN, or −1.
  long first_non_finite;
  /// The gradient / divisor at that element.
  float gradient_there;
} ntm_update_result;

/// Reads `from`, writes `to` (which may be `from` itself, for an update in place, or another set
/// of vectors, so that a failed update leaves `from` untouched). The gradient is left clipped,
/// or set to zero for the next batch when `zero_gradient` is non-zero.
ntm_update_result ntm_parameter_update(const ntm_update_settings *settings,
                                       ntm_update_vectors from, ntm_update_vectors to,
                                       float *gradient, long count, int zero_gradient);

/// The reference definition, one element at a time: what `ntm_parameter_update` must equal bit
/// for bit (the tests check it).
ntm_update_result ntm_parameter_update_portable(const ntm_update_settings *settings,
                                                ntm_update_vectors from, ntm_update_vectors to,
                                                float *gradient, long count, int zero_gradient);

#endif
