/// The optimisers of NTM.md's training section, with their state, so that a resumed run
/// continues exactly where it stopped.
public struct OptimizerSettings: Codable, Sendable, Equatable {
  public enum Kind: String, Codable, Sendable, CaseIterable {
    /// RMSProp with momentum, as the paper trained (lr 1e-4, momentum 0.9).
    case rmsprop
    /// Adam, as Collier & Beel trained faster (lr 1e-3).
    case adam
  }
  public var kind: Kind = .adam
  public var learningRate: Double = 1e-3
  /// RMSProp's momentum; Adam's β₁.
  public var momentum: Double = 0.9
  /// RMSProp's decay of the squared-gradient average; Adam's β₂.
  public var decay: Double = 0.999
  public var epsilon: Double = 1e-8
  /// Each gradient component is clipped to ±this (the paper: 10); nil for none.
  public var clipValue: Double? = 10
  /// The whole gradient is rescaled to at most this global L2 norm; nil for none.
  public var clipNorm: Double? = nil

  public init(kind: Kind = .adam) {
    self.kind = kind
    if kind == .rmsprop {
      learningRate = 1e-4
      decay = 0.95
      epsilon = 1e-4
    }
  }
}

/// An optimiser's running averages, one value per parameter.
public struct OptimizerState: Sendable, Equatable {
  public var step: Int = 0
  /// Adam: first moment. RMSProp: the momentum buffer.
  public var first: [Float]
  /// Adam: second moment. RMSProp: the running mean of squared gradients.
  public var second: [Float]
  /// RMSProp (Graves' centred form): the running mean of gradients.
  public var mean: [Float]

  public init(count: Int) {
    first = .init(repeating: 0, count: count)
    second = first
    mean = first
  }
}

public enum Optimizer {
  /// Clips the gradient as the settings say, then applies one update to `parameters`.
  /// Returns the gradient's global norm before clipping.
  @discardableResult
  public static func update(
    _ parameters: inout [Float], gradient: inout [Float], state: inout OptimizerState,
    settings: OptimizerSettings
  ) -> Double {
    var squared: Double = 0
    for g in gradient { squared += Double(g) * Double(g) }
    let norm = squared.squareRoot()
    if let clipNorm = settings.clipNorm, norm > clipNorm {
      let scale = Float(clipNorm / norm)
      for i in gradient.indices { gradient[i] *= scale }
    }
    if let clip = settings.clipValue.map(Float.init) {
      for i in gradient.indices { gradient[i] = min(max(gradient[i], -clip), clip) }
    }
    state.step += 1
    let lr = Float(settings.learningRate)
    let momentum = Float(settings.momentum)
    let decay = Float(settings.decay)
    let epsilon = Float(settings.epsilon)
    switch settings.kind {
    case .adam:
      let correction1 = 1 - Float(pow(settings.momentum, Double(state.step)))
      let correction2 = 1 - Float(pow(settings.decay, Double(state.step)))
      let stepSize = lr * correction2.squareRoot() / correction1
      for i in parameters.indices {
        let g = gradient[i]
        state.first[i] = momentum * state.first[i] + (1 - momentum) * g
        state.second[i] = decay * state.second[i] + (1 - decay) * g * g
        parameters[i] -= stepSize * state.first[i] / (state.second[i].squareRoot() + epsilon)
      }
    case .rmsprop:
      // Graves (2013), eq. 38–41: centred RMSProp with momentum.
      for i in parameters.indices {
        let g = gradient[i]
        state.second[i] = decay * state.second[i] + (1 - decay) * g * g
        state.mean[i] = decay * state.mean[i] + (1 - decay) * g
        let variance = max(state.second[i] - state.mean[i] * state.mean[i], 0)
        state.first[i] = momentum * state.first[i] - lr * g / (variance + epsilon).squareRoot()
        parameters[i] += state.first[i]
      }
    }
    return norm
  }
}

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
