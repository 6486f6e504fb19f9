/// The activations of docs/ntm.md's head-parameter table, each written to stay finite for any input.
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
  ///
  /// The largest value, the exponentials (`formExp`) and the divisions are taken eight values
  /// at a time; the exponentials are summed in order.
  static func softmax<S: NTMScalar>(_ values: [S], scaledBy scale: S) -> [S] {
    var result: [S] = []
    softmax(values, scaledBy: scale, into: &result)
    return result
  }

  /// `softmax(values, scaledBy: scale)` into `result`, its buffer kept when it can be.
  static func softmax<S: NTMScalar>(_ values: [S], scaledBy scale: S, into result: inout [S]) {
    values.withUnsafeBufferPointer { values in
      result.overwrite(count: values.count) { softmax(values, scaledBy: scale, into: $0) }
    }
  }

  /// The softmax of `values` (not empty) written to `result`, which may be `values` itself.
  static func softmax<S: NTMScalar>(
    _ values: UnsafeBufferPointer<S>, scaledBy scale: S, into result: UnsafeMutablePointer<S>
  ) {
    let n = values.count
    let largest = largestScaled(values, by: scale)
    for i in 0..<n { result[i] = scale * values[i] - largest }
    S.formExp(UnsafeMutableBufferPointer(start: result, count: n))
    var total: S = 0
    for i in 0..<n { total += result[i] }
    for i in stride(from: 0, to: n, by: 8) {
      Kernels.store(Kernels.load(result, i, count: n) / total, result, i, count: n)
    }
  }

  /// The largest of `scale * v` over `values` (not empty), which the softmax subtracts.
  ///
  /// Eight running maxima, one per lane, then the largest of those: the same number as one scan
  /// from the left, since the largest value does not depend on the order in which values are
  /// compared. (Only the sign of a largest value of zero may differ, which `x − largest` does not
  /// show; a NaN makes the softmax NaN in any order.)
  static func largestScaled<S: NTMScalar>(_ values: UnsafeBufferPointer<S>, by scale: S) -> S {
    let n = values.count
    let v = values.baseAddress!
    var lanes = SIMD8<S>(repeating: scale * v[0])
    var i = 0
    while i + 8 <= n {
      let x = scale * Kernels.load(v, i, count: n)
      // A select on every lane, which becomes one vector maximum (`where` would branch per lane).
      for l in 0..<8 { lanes[l] = lanes[l] < x[l] ? x[l] : lanes[l] }
      i += 8
    }
    var largest = lanes[0]
    for l in 1..<8 where largest < lanes[l] { largest = lanes[l] }
    for i in i..<n where largest < scale * v[i] { largest = scale * v[i] }
    return largest
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
