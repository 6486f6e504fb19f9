import CDenseKernels

/// The optimisers of docs/ntm.md's "Cost and training", with their state, so that a resumed run
/// continues exactly where it stopped.
public struct OptimizerSettings: Codable, Sendable, Equatable {
  /// The update rule.
  public enum Kind: String, Codable, Sendable, CaseIterable {
    /// RMSProp with momentum, as the paper trained (momentum 0.9); the default.
    case rmsprop
    /// Adam, as Collier & Beel trained faster (lr 1e-3).
    case adam
  }
  /// Which update rule.
  public var kind: Kind = .rmsprop
  /// The step size α.
  public var learningRate: Double = 5e-4
  /// RMSProp's momentum; Adam's β₁.
  public var momentum: Double = 0.9
  /// RMSProp's decay of the squared-gradient average; Adam's β₂.
  public var decay: Double = 0.95
  /// Keeps the division by the root mean square finite.
  public var epsilon: Double = 1e-4
  /// Each gradient component is clipped to ±this (the paper: 10); nil for none.
  public var clipValue: Double? = 10
  /// The whole gradient is rescaled to at most this global L2 norm; nil for none.
  public var clipNorm: Double? = nil
  /// Each head's weighting gradient carried back from step t to step t − 1 is clipped to ±this
  /// at every step of backpropagation through time; nil (the default) for none.
  ///
  /// Clipping the final gradient cannot help when the carried one overflows on the way: a head
  /// stuck on a uniform weighting (its gate g ≈ 0 keeps it there, Float keeps it exactly
  /// uniform) multiplies that gradient by its sharpening γ at every step, past `Float`'s range
  /// within a sequence. Graves (2013) clipped an LSTM's derivatives during the backward pass in
  /// the same way.
  public var clipRecurrent: Double? = nil

  /// The settings for this kind: Adam as Collier & Beel trained, at α = 10⁻³ (β₂ = 0.999,
  /// ε = 10⁻⁸), or RMSProp as the paper trained (momentum 0.9, decay 0.95, ε = 10⁻⁴) but at
  /// α = 5 × 10⁻⁴ rather than its 10⁻⁴: at batch 1, copy learns in a third of the sequences
  /// (median of 5 seeds 2,500 against 7,000; docs/training.md). Both clip each gradient
  /// component to ±10.
  public init(kind: Kind = .rmsprop) {
    self.kind = kind
    if kind == .adam {
      learningRate = 1e-3
      decay = 0.999
      epsilon = 1e-8
    }
  }
}

/// An optimiser's running averages, one value per parameter.
public struct OptimizerState: Sendable, Equatable {
  /// Updates made; Adam's bias corrections depend on it.
  public var step: Int = 0
  /// Adam: first moment. RMSProp: the momentum buffer.
  public var first: [Float]
  /// Adam: second moment. RMSProp: the running mean of squared gradients.
  public var second: [Float]
  /// RMSProp (Graves' centred form): the running mean of gradients.
  public var mean: [Float]

  /// The state for `count` parameters, all zeros.
  public init(count: Int) {
    first = .init(repeating: 0, count: count)
    second = first
    mean = first
  }
}

/// Applies one update of the configured optimiser, with clipping, to a parameter vector.
public enum Optimizer {
  /// Clips the gradient as the settings say (leaving it clipped), then applies one update to
  /// `parameters` in place. Returns the gradient's global norm before clipping.
  @discardableResult
  public static func update(
    _ parameters: inout [Float], gradient: inout [Float], state: inout OptimizerState,
    settings: OptimizerSettings
  ) -> Double {
    precondition(gradient.count == parameters.count && state.first.count == parameters.count)
    let norm = settings.clipNorm == nil ? nil : globalNorm(gradient)
    let step = state.step + 1
    let result = parameters.withUnsafeMutableBufferPointer { p in
      state.withVectors(parameters: p.baseAddress!) { vectors in
        gradient.withUnsafeMutableBufferPointer { g in
          update(
            from: vectors, to: vectors, gradient: g, batchSize: 1, norm: norm, step: step, settings: settings,
            zeroingGradient: false)
        }
      }
    }
    state.step = step
    return norm ?? result.squared_norm.squareRoot()
  }

  /// The gradient's L2 norm, summed in Double in element order. Finite exactly when every
  /// element is (a Float squared is at most about 10⁷⁷, far inside Double's range).
  static func globalNorm(_ gradient: [Float]) -> Double {
    gradient.withUnsafeBufferPointer { g in
      var squared: Double = 0
      for x in g { squared += Double(x) * Double(x) }
      return squared.squareRoot()
    }
  }

  /// Update number `step` in one pass over the parameters (`ntm_parameter_update`): the mean of
  /// a batch's summed `gradient`, clipping, the optimiser's averages and the new parameters, read
  /// from `from` and written to `to`, which may be the same vectors or another set (so that a
  /// failed update leaves the old ones untouched).
  ///
  /// `norm` is the mean gradient's norm summed in element order (`globalNorm`), needed first
  /// when clipping by norm; otherwise the kernel sums the norm as it goes. Each element's
  /// arithmetic is the same, in the same order, as the element-wise loops this replaced.
  static func update(
    from: ntm_update_vectors, to: ntm_update_vectors, gradient: UnsafeMutableBufferPointer<Float>,
    batchSize: Int, norm: Double?, step: Int, settings: OptimizerSettings, zeroingGradient: Bool
  ) -> ntm_update_result {
    let lr = Float(settings.learningRate)
    let momentum = Float(settings.momentum)
    let decay = Float(settings.decay)
    var kernel = ntm_update_settings()
    kernel.kind = settings.kind == .adam ? NTM_ADAM : NTM_RMSPROP
    kernel.divisor = Float(batchSize)
    kernel.scale = 1
    if let clipNorm = settings.clipNorm, let norm, norm > clipNorm { kernel.scale = Float(clipNorm / norm) }
    kernel.clip = settings.clipValue.map(Float.init) ?? .infinity
    switch settings.kind {
    case .adam:
      let correction1 = 1 - Float(pow(settings.momentum, Double(step)))
      let correction2 = 1 - Float(pow(settings.decay, Double(step)))
      kernel.step = lr * correction2.squareRoot() / correction1
    case .rmsprop:
      kernel.step = lr
    }
    (kernel.momentum, kernel.one_minus_momentum) = (momentum, 1 - momentum)
    (kernel.decay, kernel.one_minus_decay) = (decay, 1 - decay)
    kernel.epsilon = Float(settings.epsilon)
    return ntm_parameter_update(
      &kernel, from, to, gradient.baseAddress!, gradient.count, zeroingGradient ? 1 : 0)
  }
}

extension OptimizerState {
  /// The state's vectors with the parameters at `parameters`, for `Optimizer.update` to read
  /// (`from`): no mutable access, so nothing shared is copied first. The kernel never writes
  /// through the vectors it reads.
  func withReadOnlyVectors<R>(parameters: UnsafePointer<Float>, _ body: (ntm_update_vectors) -> R) -> R {
    precondition(second.count == first.count && mean.count == first.count)
    return first.withUnsafeBufferPointer { first in
      second.withUnsafeBufferPointer { second in
        mean.withUnsafeBufferPointer { mean in
          body(
            ntm_update_vectors(
              parameters: UnsafeMutablePointer(mutating: parameters),
              first: UnsafeMutablePointer(mutating: first.baseAddress!),
              second: UnsafeMutablePointer(mutating: second.baseAddress!),
              mean: UnsafeMutablePointer(mutating: mean.baseAddress!)))
        }
      }
    }
  }

  /// The same for vectors the update writes (`to`): each buffer is made this state's own first
  /// (`reserveCapacity` copies one that is shared), so writing through them changes no other.
  mutating func withVectors<R>(
    parameters: UnsafeMutablePointer<Float>, _ body: (ntm_update_vectors) -> R
  ) -> R {
    first.reserveCapacity(first.count)
    second.reserveCapacity(second.count)
    mean.reserveCapacity(mean.count)
    return withReadOnlyVectors(parameters: parameters, body)
  }
}

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
