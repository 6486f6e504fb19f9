/// The project's own pseudo-random number generator: xoshiro256** seeded through SplitMix64.
///
/// Every random choice in the library (parameter initialisation, task sequences, mini-batch
/// order) draws from this generator rather than from the standard library's, whose algorithms
/// may change between Swift versions. The same seed therefore gives the same weights and the same
/// sequences on every machine and every run.
///
/// ```swift
/// var rng = SeededGenerator(seed: 7)
/// let bit = rng.bernoulli(0.5)
/// let length = rng.int(in: 1...20)
/// ```
public struct SeededGenerator: RandomNumberGenerator, Sendable {
  private var state: (UInt64, UInt64, UInt64, UInt64)

  /// The generator for a seed: the same seed gives the same numbers on every computer.
  public init(seed: UInt64) {
    var mix = seed
    func splitMix() -> UInt64 {
      mix &+= 0x9E37_79B9_7F4A_7C15
      var z = mix
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    state = (splitMix(), splitMix(), splitMix(), splitMix())
  }

  /// A generator for an independent stream, e.g. one per sequence of a mini-batch, so that the
  /// result does not depend on which thread draws first.
  public init(seed: UInt64, stream: UInt64) {
    self.init(seed: seed ^ (stream &* 0xD1B5_4A32_D192_ED03) &+ stream)
  }

  /// The next 64 random bits.
  public mutating func next() -> UInt64 {
    let result = rotate(state.1 &* 5, 7) &* 9
    let t = state.1 << 17
    state.2 ^= state.0
    state.3 ^= state.1
    state.1 ^= state.2
    state.0 ^= state.3
    state.2 ^= t
    state.3 = rotate(state.3, 45)
    return result
  }

  private func rotate(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

  /// Uniform in [0, 1), from the top 53 bits.
  public mutating func uniform() -> Double {
    Double(next() >> 11) * 0x1.0p-53
  }

  /// Uniform integer in the closed range, without modulo bias (Lemire's method).
  public mutating func int(in range: ClosedRange<Int>) -> Int {
    let span = UInt64(range.upperBound - range.lowerBound) &+ 1
    if span == 0 { return Int(truncatingIfNeeded: next()) }  // the whole 64-bit range
    var product = next().multipliedFullWidth(by: span)
    if product.low < span {
      let threshold = (0 &- span) % span
      while product.low < threshold { product = next().multipliedFullWidth(by: span) }
    }
    return range.lowerBound + Int(product.high)
  }

  /// True with probability `p`.
  public mutating func bernoulli(_ p: Double) -> Bool { uniform() < p }

  /// Standard normal, by the Box–Muller transform.
  public mutating func normal() -> Double {
    let u1 = 1 - uniform()  // (0, 1]: log is finite
    let u2 = uniform()
    return (-2 * _log(u1)).squareRoot() * _cos(2 * Double.pi * u2)
  }

  /// Fisher–Yates shuffle in place.
  public mutating func shuffle<T>(_ array: inout [T]) {
    guard array.count > 1 else { return }
    for i in stride(from: array.count - 1, to: 0, by: -1) {
      array.swapAt(i, int(in: 0...i))
    }
  }
}

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

@inline(__always) private func _log(_ x: Double) -> Double { log(x) }
@inline(__always) private func _cos(_ x: Double) -> Double { cos(x) }
