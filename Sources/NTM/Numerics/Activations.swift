/// The activations of NTM.md's head-parameter table, each written to stay finite for any input.
enum Activation {
  @inline(__always) static func sigmoid<S: NTMScalar>(_ x: S) -> S {
    // Two branches so that exp never overflows.
    if x >= 0 { return 1 / (1 + S.exp(-x)) }
    let e = S.exp(x)
    return e / (1 + e)
  }

  /// log(1 + eˣ), exact for large x instead of overflowing.
  @inline(__always) static func softplus<S: NTMScalar>(_ x: S) -> S {
    x > 0 ? x + S.log(1 + S.exp(-x)) : S.log(1 + S.exp(x))
  }

  /// Softmax of `values` into `result`, shifted by the maximum so that no exponent overflows.
  static func softmax<S: NTMScalar>(_ values: [S]) -> [S] {
    guard let largest = values.max() else { return [] }
    var result = values.map { S.exp($0 - largest) }
    let total = result.reduce(0, +)
    for i in result.indices { result[i] /= total }
    return result
  }

  /// The gradient with respect to a softmax's inputs, given its output `p` and the gradient `dp`
  /// with respect to that output: `p ∘ (dp − Σ p dp)`.
  static func softmaxBackward<S: NTMScalar>(output p: [S], gradient dp: [S]) -> [S] {
    var inner: S = 0
    for i in p.indices { inner += p[i] * dp[i] }
    return p.indices.map { p[$0] * (dp[$0] - inner) }
  }

  /// Binary cross-entropy of a sigmoid output given its logit, in nats, stable for any logit:
  /// `max(z, 0) − z t + log(1 + e^−|z|)`.
  @inline(__always) static func binaryCrossEntropy<S: NTMScalar>(logit z: S, target t: S) -> S {
    max(z, 0) - z * t + S.log(1 + S.exp(-abs(z)))
  }
}
