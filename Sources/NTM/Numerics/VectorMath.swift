/// exp, log, tanh and sigmoid of eight `Float`s at a time.
///
/// The C library computes these one value per call, and in training those calls were about a
/// tenth of all time (the LSTM's gates, the two softmaxes and the sharpening logarithm of every
/// head, every step). Here each is a range reduction and a short polynomial in `SIMD8` arithmetic,
/// which the default x86-64 and arm64 targets both vectorise (4 to 10 times the C library's speed
/// here). Largest error against `Double` over every `Float`: 1.0 ulp for exp and 0.84 for log
/// (the C library's are within 1), 2.42 for tanh and 2.40 for sigmoid, whose final division adds
/// to the exponential's error; `VectorMathTests` checks these bounds. Infinities, NaN, signed
/// zeros and the saturation to exactly 0, 1 and ±1 behave as in the C library.
///
/// The methods are the textbook ones (Cody–Waite reduction by multiples of ln 2; the series of
/// eʳ − 1 and of log(1 + f) through s = f / (2 + f)), with Taylor coefficients rather than fitted
/// ones so that each constant can be checked by eye. `a * b + c` rather than `addingProduct`,
/// which becomes a call to `fmaf` on the default x86-64 target (see SWIFT-NOTES.md).
enum VectorMath {
  typealias Floats = SIMD8<Float>
  typealias Ints = SIMD8<Int32>

  /// ln 2 split so that `n * ln2High` is exact for the |n| ≤ 151 that `exp` and `log` meet (the
  /// high part has 9 significant bits), and the rest of ln 2 in `ln2Low`.
  static let ln2High: Float = 0.693_359_375
  static let ln2Low: Float = -2.121_944_4e-4
  /// 1.5 × 2²³: adding it to a float of magnitude below 2²² rounds that float to an integer
  /// (to nearest, ties to even), and leaves that integer in the low bits of the sum's bit pattern.
  /// This does float ↔ integer conversion with plain adds, which every SIMD unit has, and never
  /// traps on NaN or out-of-range values as `Int32(_:)` does.
  static let roundingMagic: Float = 12_582_912

  // MARK: - exp

  /// eˣ for each lane; +∞ above about 88.72, 0 below about −103.97 (with subnormal results
  /// between), NaN for NaN.
  @inline(__always)
  static func exp(_ x: Floats) -> Floats {
    // Far outside the finite range the result is already decided; the clamp keeps n small
    // enough for the exponent arithmetic below. NaN compares false and passes through.
    let x = x.replacing(with: 89, where: x .> 89).replacing(with: -105, where: x .< -105)
    let (n, q) = reduce(x)
    return scale(1 + q, by: n)
  }

  /// x = n ln 2 + r with n an integer and |r| ≤ ln 2 / 2 (plus rounding), and q = eʳ − 1.
  /// Returns n as an integer and q; then eˣ = 2ⁿ (1 + q).
  @inline(__always)
  private static func reduce(_ x: Floats) -> (n: Ints, q: Floats) {
    let shifted = x * 1.442_695_04 + roundingMagic  // x / ln 2, rounded, in the low bits
    let n = shifted - roundingMagic
    let r = (x - n * ln2High) - n * ln2Low
    // eʳ − 1 = r + r²/2! + … + r⁷/7!. The first omitted term, r⁸/8!, is at most 2⁻²⁶ of eʳ − 1
    // for |r| ≤ ln 2 / 2: a fraction of an ulp.
    var p: Floats = Floats(repeating: 1 / 5040)
    p = p * r + 1 / 720
    p = p * r + 1 / 120
    p = p * r + 1 / 24
    p = p * r + 1 / 6
    let r2 = r * r
    let q = r + (0.5 * r2 + r2 * r * p)
    return (unsafeBitCast(shifted, to: Ints.self) &- Int32(bitPattern: roundingMagic.bitPattern), q)
  }

  /// y · 2ⁿ for −151 ≤ n ≤ 128 (what `exp`'s clamp allows), as two multiplications by 2^(n/2)
  /// and 2^(n − n/2): each factor is a normal float, so results that overflow become +∞ and tiny
  /// ones subnormal (within one subnormal step, as y was already rounded), where one factor 2ⁿ
  /// could not be written at all.
  @inline(__always)
  private static func scale(_ y: Floats, by n: Ints) -> Floats {
    let half = n &>> 1
    return y * powerOfTwo(half) * powerOfTwo(n &- half)
  }

  /// 2ⁿ for −126 ≤ n ≤ 127, by writing n into the exponent field.
  @inline(__always)
  private static func powerOfTwo(_ n: Ints) -> Floats {
    unsafeBitCast((n &+ 127) &<< 23, to: Floats.self)
  }

  // MARK: - tanh and sigmoid

  /// tanh x for each lane: exactly ±1 for |x| above about 9.01, x itself for tiny x, NaN for NaN.
  ///
  /// Computed as q / (q + 2) with q = e^(2|x|) − 1, then given the sign of x. Forming q from the
  /// reduction's eʳ − 1 (rather than as eˣ minus 1) keeps the relative accuracy for small x,
  /// where 1 − 2 / (e^(2x) + 1) would cancel.
  @inline(__always)
  static func tanh(_ x: Floats) -> Floats {
    let magnitudeBits = unsafeBitCast(x, to: Ints.self) & 0x7fff_ffff
    let signBit = unsafeBitCast(x, to: Ints.self) & Ints(repeating: .min)
    var a = unsafeBitCast(magnitudeBits, to: Floats.self)
    // From 9.5 on, tanh rounds to 1 anyway; the clamp keeps n ≤ 27 below, so 2ⁿ is a normal float.
    a = a.replacing(with: 9.5, where: a .> 9.5)
    let (n, q) = reduce(a + a)
    // eʸ − 1 = 2ⁿ q + (2ⁿ − 1). 2ⁿ − 1 is exact up to n = 24, and beyond that eʸ − 1 is so large
    // that the quotient rounds to 1 either way.
    let p = powerOfTwo(n)
    let expm1 = p * q + (p - 1)
    let t = expm1 / (expm1 + 2)
    return unsafeBitCast(unsafeBitCast(t, to: Ints.self) | signBit, to: Floats.self)
  }

  /// 1 / (1 + e⁻ˣ) for each lane, as `Activation.sigmoid` computes it: with e = e^−|x|, 1 / (1 + e)
  /// for x ≥ 0 and e / (1 + e) below, so that exp never overflows. Exactly 1 where 1 + e rounds
  /// to 1 (from x ≈ 16.6, as the one-value form gives with the C library; the loss works from
  /// the logit, so it never takes log 0), subnormal and then 0 far below zero.
  @inline(__always)
  static func sigmoid(_ x: Floats) -> Floats {
    let magnitude = unsafeBitCast(unsafeBitCast(x, to: Ints.self) & 0x7fff_ffff, to: Floats.self)
    let e = exp(-magnitude)
    return Floats(repeating: 1).replacing(with: e, where: .!(x .>= 0)) / (1 + e)
  }

  // MARK: - log

  /// The natural logarithm of each lane: −∞ for ±0, NaN below zero and for NaN, +∞ for +∞;
  /// subnormal inputs are exact.
  @inline(__always)
  static func log(_ x: Floats) -> Floats {
    // Subnormals: scale into the normal range first and take the 23 back from the exponent.
    let isSubnormal = x .< Float.leastNormalMagnitude
    let normal = x.replacing(with: x * 8_388_608, where: isSubnormal)
    let exponentAdjustment = Ints(repeating: 0).replacing(with: -23, where: isSubnormal)
    // x = 2ᵏ m with m in [√½, √2): subtracting the bits of √½ makes the exponent field k and
    // leaves m's fraction bits, whose exponent is then set back to that of √½.
    let sqrtHalfBits = Int32(0x3f35_04f3)
    let bits = unsafeBitCast(normal, to: Ints.self) &- sqrtHalfBits
    let k = (bits &>> 23) &+ exponentAdjustment
    let m = unsafeBitCast((bits & 0x007f_ffff) &+ sqrtHalfBits, to: Floats.self)
    let f = m - 1  // exact, as m is within a factor of 2 of 1
    // log(1 + f) = 2 atanh(s), s = f / (2 + f), |s| ≤ 0.172: written as f − (f²/2 − s (f²/2 + R))
    // with R = 2s²/3 + 2s⁴/5 + … + 2s¹⁰/11, so that the large term f is exact and every rounded
    // term is small beside it.
    let s = f / (2 + f)
    let z = s * s
    var r: Floats = Floats(repeating: 2 / 11)
    r = r * z + 2 / 9
    r = r * z + 2 / 7
    r = r * z + 2 / 5
    r = r * z + 2 / 3
    r = r * z
    let halfSquare = 0.5 * f * f
    let kFloat =
      unsafeBitCast(k &+ Int32(bitPattern: roundingMagic.bitPattern), to: Floats.self) - roundingMagic
    var result = kFloat * ln2High + (f - (halfSquare - (s * (halfSquare + r) + kFloat * ln2Low)))
    result = result.replacing(with: -.infinity, where: x .== 0)
    result = result.replacing(with: .infinity, where: x .== .infinity)
    return result.replacing(with: .nan, where: .!(x .>= 0))  // negative, or NaN
  }

  // MARK: - Whole buffers

  /// Applies `function` to every element of `values` in place, eight at a time; the last, partial
  /// block is padded with zeros, which every function here accepts, and only its real lanes stored.
  @inline(__always)
  static func apply(_ values: UnsafeMutableBufferPointer<Float>, _ function: (Floats) -> Floats) {
    guard let base = values.baseAddress else { return }
    let count = values.count
    var i = 0
    while i + 8 <= count {
      let raw = UnsafeMutableRawPointer(base + i)
      raw.storeBytes(of: function(raw.loadUnaligned(as: Floats.self)), as: Floats.self)
      i += 8
    }
    if i < count { Kernels.store(function(Kernels.load(base, i, count: count)), base, i, count: count) }
  }
}
