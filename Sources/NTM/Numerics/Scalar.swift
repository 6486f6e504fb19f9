#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The floating-point types the model computes in.
///
/// The machine runs in `Float` (fast, and ample for a network of this size); the same code also
/// runs in `Double` so that the gradient checks can compare the hand-written backward pass with
/// finite differences to a tolerance of 1e-6 rather than the 1e-2 that single precision allows.
///
/// Besides one-value functions, each type gives whole-buffer forms for the activations applied
/// to many values at once (the LSTM gates, the softmaxes, the sharpening logarithms): `Float`
/// computes those eight at a time with `VectorMath`, `Double` one by one with the C library, so
/// that the gradient checks keep the C library's accuracy.
public protocol NTMScalar: BinaryFloatingPoint, SIMDScalar, Sendable, Codable
where Self.SIMD8Storage: Sendable {
  /// eˣ.
  static func exp(_ x: Self) -> Self
  /// The natural logarithm of x.
  static func log(_ x: Self) -> Self
  /// The hyperbolic tangent of x.
  static func tanh(_ x: Self) -> Self
  /// Replaces every element x of `values` by eˣ.
  static func formExp(_ values: UnsafeMutableBufferPointer<Self>)
  /// Replaces every element x of `values` by log x.
  static func formLog(_ values: UnsafeMutableBufferPointer<Self>)
  /// Replaces every element x of `values` by tanh x.
  static func formTanh(_ values: UnsafeMutableBufferPointer<Self>)
  /// Replaces every element x of `values` by 1 / (1 + e⁻ˣ).
  static func formSigmoid(_ values: UnsafeMutableBufferPointer<Self>)
}

extension Float: NTMScalar {
  @inline(__always) public static func exp(_ x: Float) -> Float { expf(x) }
  @inline(__always) public static func log(_ x: Float) -> Float { logf(x) }
  @inline(__always) public static func tanh(_ x: Float) -> Float { tanhf(x) }
  public static func formExp(_ values: UnsafeMutableBufferPointer<Float>) {
    VectorMath.apply(values, VectorMath.exp)
  }
  public static func formLog(_ values: UnsafeMutableBufferPointer<Float>) {
    VectorMath.apply(values, VectorMath.log)
  }
  public static func formTanh(_ values: UnsafeMutableBufferPointer<Float>) {
    VectorMath.apply(values, VectorMath.tanh)
  }
  public static func formSigmoid(_ values: UnsafeMutableBufferPointer<Float>) {
    VectorMath.apply(values, VectorMath.sigmoid)
  }
}

extension Double: NTMScalar {
  @inline(__always) public static func exp(_ x: Double) -> Double { _exp(x) }
  @inline(__always) public static func log(_ x: Double) -> Double { _log(x) }
  @inline(__always) public static func tanh(_ x: Double) -> Double { _tanh(x) }
  public static func formExp(_ values: UnsafeMutableBufferPointer<Double>) {
    for i in values.indices { values[i] = _exp(values[i]) }
  }
  public static func formLog(_ values: UnsafeMutableBufferPointer<Double>) {
    for i in values.indices { values[i] = _log(values[i]) }
  }
  public static func formTanh(_ values: UnsafeMutableBufferPointer<Double>) {
    for i in values.indices { values[i] = _tanh(values[i]) }
  }
  public static func formSigmoid(_ values: UnsafeMutableBufferPointer<Double>) {
    for i in values.indices { values[i] = Activation.sigmoid(values[i]) }
  }
}

extension NTMScalar {
  /// eˣ of every element, through `formExp` (eight at a time for `Float`).
  static func exp<C: Collection<Self>>(each values: C) -> [Self] { applying(formExp, to: values) }
  /// log x of every element, through `formLog`.
  static func log<C: Collection<Self>>(each values: C) -> [Self] { applying(formLog, to: values) }
  /// tanh x of every element, through `formTanh`.
  static func tanh<C: Collection<Self>>(each values: C) -> [Self] { applying(formTanh, to: values) }
  /// σ(x) of every element, through `formSigmoid`.
  static func sigmoid<C: Collection<Self>>(each values: C) -> [Self] { applying(formSigmoid, to: values) }

  /// `out` made a copy of `count` values at `source` with `function` applied in place (a
  /// `form…` function), its buffer kept when it can be: the same numbers as `exp(each:)` and
  /// the others, for vectors kept across sequences.
  @inline(__always)
  static func apply(
    _ function: (UnsafeMutableBufferPointer<Self>) -> Void, to source: UnsafePointer<Self>, count: Int,
    into out: inout [Self]
  ) {
    out.overwrite(count: count) { out in
      out.update(from: source, count: count)
      function(UnsafeMutableBufferPointer(start: out, count: count))
    }
  }

  @inline(__always)
  private static func applying<C: Collection<Self>>(
    _ function: (UnsafeMutableBufferPointer<Self>) -> Void, to values: C
  ) -> [Self] {
    var result = Array(values)
    result.withUnsafeMutableBufferPointer { function($0) }
    return result
  }
}

// Module-qualified names differ between Glibc and Darwin; these forward to the C library.
@inline(__always) private func _exp(_ x: Double) -> Double { exp(x) }
@inline(__always) private func _log(_ x: Double) -> Double { log(x) }
@inline(__always) private func _tanh(_ x: Double) -> Double { tanh(x) }
