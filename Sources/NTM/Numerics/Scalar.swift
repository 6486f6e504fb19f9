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
public protocol NTMScalar: BinaryFloatingPoint, SIMDScalar, Sendable, Codable
where Self.SIMD8Storage: Sendable {
  static func exp(_ x: Self) -> Self
  static func log(_ x: Self) -> Self
  static func tanh(_ x: Self) -> Self
}

extension Float: NTMScalar {
  @inline(__always) public static func exp(_ x: Float) -> Float { expf(x) }
  @inline(__always) public static func log(_ x: Float) -> Float { logf(x) }
  @inline(__always) public static func tanh(_ x: Float) -> Float { tanhf(x) }
}

extension Double: NTMScalar {
  @inline(__always) public static func exp(_ x: Double) -> Double { _exp(x) }
  @inline(__always) public static func log(_ x: Double) -> Double { _log(x) }
  @inline(__always) public static func tanh(_ x: Double) -> Double { _tanh(x) }
}

// Module-qualified names differ between Glibc and Darwin; these forward to the C library.
@inline(__always) private func _exp(_ x: Double) -> Double { exp(x) }
@inline(__always) private func _log(_ x: Double) -> Double { log(x) }
@inline(__always) private func _tanh(_ x: Double) -> Double { tanh(x) }
