/// The activations of NTM.md's head-parameter table, each written to stay finite for any input.
enum Activation {
  @inline(__always) static func sigmoid<S: NTMScalar>(_ x: S) -> S {
    // 1 / (1 + e⁻ˣ) for x ≥ 0 and eˣ / (1 + eˣ) below, so that exp never overflows: both are
    // n / (1 + e) with e = exp(−|x|). Written with a select rather than a branch, which the
    // sign of an LSTM's pre-activations makes unpredictable.
    let e = S.exp(-abs(x))
    return (x >= 0 ? 1 : e) / (1 + e)
  }

  /// log(1 + eˣ), exact for large x instead of overflowing.
  @inline(__always) static func softplus<S: NTMScalar>(_ x: S) -> S {
    x > 0 ? x + S.log(1 + S.exp(-x)) : S.log(1 + S.exp(x))
  }

  /// Softmax of `values` into `result`, shifted by the maximum so that no exponent overflows.
  static func softmax<S: NTMScalar>(_ values: [S]) -> [S] { softmax(values, scaledBy: 1) }

  /// `softmax(values.map { scale * $0 })`, the same numbers without the intermediate array
  /// (the addressing's β K and γ log w̃).
  static func softmax<S: NTMScalar>(_ values: [S], scaledBy scale: S) -> [S] {
    guard !values.isEmpty else { return [] }
    var largest = scale * values[0]
    for v in values.dropFirst() where largest < scale * v { largest = scale * v }
    var result = values.map { scale * $0 - largest }
    result.withUnsafeMutableBufferPointer { result in
      S.formExp(result)
      var total: S = 0
      for e in result { total += e }
      for i in result.indices { result[i] /= total }
    }
    return result
  }

  /// The gradient with respect to a softmax's inputs, given its output `p` and the gradient `dp`
  /// with respect to that output: `p ∘ (dp − Σ p dp)`.
  static func softmaxBackward<S: NTMScalar>(output p: [S], gradient dp: [S]) -> [S] {
    var inner: S = 0
    for i in p.indices { inner += p[i] * dp[i] }
    return p.indices.map { p[$0] * (dp[$0] - inner) }
  }

  /// Binary cross-entropy of sigmoid outputs given their logits, in nats, stable for any logit:
  /// `max(z, 0) − z t + log(1 + e^−|z|)` per element. It never forms σ(z), so an output that
  /// rounds to exactly 0 or 1 cannot make it take log 0.
  static func binaryCrossEntropy<S: NTMScalar>(logits z: [S], targets t: [S]) -> [S] {
    precondition(z.count == t.count)
    let softTerms = S.log(each: S.exp(each: z.lazy.map { -abs($0) }).lazy.map { 1 + $0 })
    return z.indices.map { max(z[$0], 0) - z[$0] * t[$0] + softTerms[$0] }
  }
}
