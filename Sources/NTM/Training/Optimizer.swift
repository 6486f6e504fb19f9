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
    let norm = globalNorm(gradient)
    update(&parameters, gradient: &gradient, norm: norm, state: &state, settings: settings)
    return norm
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

  /// `update` with the gradient's norm already known (`globalNorm`).
  ///
  /// The element-wise loops run eight elements at a time: each element's arithmetic is the
  /// same, in the same order, as in a scalar loop (so are the results), but the compiler does not
  /// vectorise the scalar loops on its own (five arrays that might overlap), and with batch 1
  /// the update was a tenth of the training time.
  static func update(
    _ parameters: inout [Float], gradient: inout [Float], norm: Double, state: inout OptimizerState,
    settings: OptimizerSettings
  ) {
    precondition(gradient.count == parameters.count && state.first.count == parameters.count)
    let count = parameters.count
    gradient.withUnsafeMutableBufferPointer { g in
      if let clipNorm = settings.clipNorm, norm > clipNorm {
        let scale = Float(clipNorm / norm)
        for i in 0..<count { g[i] *= scale }
      }
      if let clip = settings.clipValue.map(Float.init) {
        for i in 0..<count { g[i] = min(max(g[i], -clip), clip) }
      }
    }
    state.step += 1
    let lr = Float(settings.learningRate)
    let momentum = Float(settings.momentum)
    let decay = Float(settings.decay)
    let epsilon = Float(settings.epsilon)
    let correction1 = 1 - Float(pow(settings.momentum, Double(state.step)))
    let correction2 = 1 - Float(pow(settings.decay, Double(state.step)))
    let kind = settings.kind
    parameters.withUnsafeMutableBufferPointer { p in
      gradient.withUnsafeBufferPointer { g in
        state.first.withUnsafeMutableBufferPointer { first in
          state.second.withUnsafeMutableBufferPointer { second in
            state.mean.withUnsafeMutableBufferPointer { mean in
              let (p, g, first, second, mean) = (
                p.baseAddress!, g.baseAddress!, first.baseAddress!, second.baseAddress!, mean.baseAddress
              )
              switch kind {
              case .adam:
                let stepSize = lr * correction2.squareRoot() / correction1
                /// One element's update, for a Float or a SIMD8 of them.
                func adam<V: SIMD>(_ g: V, _ first: inout V, _ second: inout V, _ p: inout V)
                where V.Scalar == Float {
                  first = momentum * first + (1 - momentum) * g
                  second = decay * second + (1 - decay) * g * g
                  p = p - stepSize * first / (second.squareRoot() + epsilon)
                }
                var i = 0
                while i + 8 <= count {
                  var (f, s, q) = (load(first + i), load(second + i), load(p + i))
                  adam(load(g + i), &f, &s, &q)
                  store(f, first + i)
                  store(s, second + i)
                  store(q, p + i)
                  i += 8
                }
                // The last few elements one at a time, in a SIMD2 of which one lane is used, so
                // that they go through the same code.
                for i in i..<count {
                  var (f, s, q) = (
                    SIMD2(repeating: first[i]), SIMD2(repeating: second[i]), SIMD2(repeating: p[i])
                  )
                  adam(SIMD2(repeating: g[i]), &f, &s, &q)
                  (first[i], second[i], p[i]) = (f[0], s[0], q[0])
                }
              case .rmsprop:
                // Graves (2013), eq. 38–41: centred RMSProp with momentum.
                let mean = mean!
                func rmsprop<V: SIMD>(
                  _ g: V, _ first: inout V, _ second: inout V, _ mean: inout V, _ p: inout V
                )
                where V.Scalar == Float {
                  second = decay * second + (1 - decay) * g * g
                  mean = decay * mean + (1 - decay) * g
                  let difference = second - mean * mean
                  let variance = difference.replacing(with: 0, where: 0 .>= difference)  // max(difference, 0)
                  first = momentum * first - lr * g / (variance + epsilon).squareRoot()
                  p = p + first
                }
                var i = 0
                while i + 8 <= count {
                  var (f, s, a, q) = (load(first + i), load(second + i), load(mean + i), load(p + i))
                  rmsprop(load(g + i), &f, &s, &a, &q)
                  store(f, first + i)
                  store(s, second + i)
                  store(a, mean + i)
                  store(q, p + i)
                  i += 8
                }
                for i in i..<count {
                  var (f, s, a, q) = (
                    SIMD2(repeating: first[i]), SIMD2(repeating: second[i]), SIMD2(repeating: mean[i]),
                    SIMD2(repeating: p[i])
                  )
                  rmsprop(SIMD2(repeating: g[i]), &f, &s, &a, &q)
                  (first[i], second[i], mean[i], p[i]) = (f[0], s[0], a[0], q[0])
                }
              }
            }
          }
        }
      }
    }
  }

  @inline(__always) private static func load(_ p: UnsafePointer<Float>) -> SIMD8<Float> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
  }

  @inline(__always) private static func store(_ v: SIMD8<Float>, _ p: UnsafeMutablePointer<Float>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD8<Float>.self)
  }
}

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
