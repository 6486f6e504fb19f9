/// Csordás & Schmidhuber's link distribution sharpness: a read head's forward (or backward)
/// weighting f becomes normalise((f + ε)^s) for a learned exponent s ≥ 1, computed as
/// softmax(s log(f + ε)), the NTM's sharpening with a larger ε.
enum LinkSharpness {
  /// ε: as in Csordás & Schmidhuber's code, large enough that for links not yet formed (f = 0)
  /// the gradient with respect to f stays near 1/ε rather than overflowing.
  static let epsilon = 1e-6

  static func forward<S: NTMScalar>(_ f: [S], exponent: S) -> [S] {
    Activation.softmax(logarithms(f), scaledBy: exponent)
  }

  /// The gradients with respect to f and the exponent, given `dSharpened`.
  static func backward<S: NTMScalar>(_ f: [S], sharpened: [S], exponent: S, dSharpened: [S]) -> (
    f: [S], exponent: S
  ) {
    var dExponent: S = 0
    let df = [S](unsafeUninitializedCapacity: f.count) { df, count in
      dExponent = Addressing.sharpeningBackward(
        weighting: sharpened, logShifted: logarithms(f), unsharpened: f, exponent: exponent,
        epsilon: S(epsilon), dWeighting: dSharpened, into: df.baseAddress!)
      count = f.count
    }
    return (df, dExponent)
  }

  /// log(f + ε) of each element.
  private static func logarithms<S: NTMScalar>(_ f: [S]) -> [S] {
    let epsilon = S(epsilon)
    return S.log(each: f.lazy.map { $0 + epsilon })
  }
}
