/// Csordás & Schmidhuber's link distribution sharpness: a read head's forward (or backward)
/// weighting f becomes normalise((f + ε)^s) for a learned exponent s ≥ 1, computed as
/// softmax(s log(f + ε)), the NTM's sharpening with a larger ε.
enum LinkSharpness {
  /// ε: as in Csordás & Schmidhuber's code, large enough that for links not yet formed (f = 0)
  /// the gradient with respect to f stays near 1/ε rather than overflowing.
  static let epsilon = 1e-6

  /// The sharpened weighting into `sharpened`, with `logarithms` for log(f + ε).
  static func forward<S: NTMScalar>(_ f: [S], exponent: S, into sharpened: inout [S], logarithms: inout [S]) {
    self.logarithms(f, into: &logarithms)
    Activation.softmax(logarithms, scaledBy: exponent, into: &sharpened)
  }

  /// The gradient with respect to f into `df`, given `dSharpened`; returns the exponent's.
  /// `logarithms` is scratch space for log(f + ε).
  static func backward<S: NTMScalar>(
    _ f: [S], sharpened: [S], exponent: S, dSharpened: [S], into df: inout [S], logarithms: inout [S]
  ) -> S {
    self.logarithms(f, into: &logarithms)
    var dExponent: S = 0
    let logShifted = logarithms
    df.overwrite(count: f.count) { df in
      dExponent = Addressing.sharpeningBackward(
        weighting: sharpened, logShifted: logShifted, unsharpened: f, exponent: exponent,
        epsilon: S(epsilon), dWeighting: dSharpened, into: df)
    }
    return dExponent
  }

  /// log(f + ε) of each element.
  private static func logarithms<S: NTMScalar>(_ f: [S], into result: inout [S]) {
    let epsilon = S(epsilon)
    result.overwrite(count: f.count) { result in
      for j in f.indices { result[j] = f[j] + epsilon }
      S.formLog(UnsafeMutableBufferPointer(start: result, count: f.count))
    }
  }
}
