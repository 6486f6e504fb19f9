import CDenseKernels
import Testing

@testable import NTM

/// The fused parameter update (`ntm_parameter_update`): the vector version must equal the
/// reference definition bit for bit, and find the first value that is not finite. Its arithmetic
/// against hand-computed optimiser steps is checked in TrainingTests.
@Suite("Parameter update")
struct ParameterUpdateTests {
  /// Counts with and without a partial last block of 8, and shorter than one block.
  static let counts = [1, 7, 8, 9, 64, 1_003]

  /// Every vector of an update, with values that exercise each branch: gradients beyond the
  /// clipping bound, exact zeros, and mean squares below the squared mean gradient (so that
  /// RMSProp's variance is clamped to zero).
  struct Vectors {
    var parameters, first, second, mean, gradient: [Float]

    init(count: Int, seed: UInt64) {
      var rng = SeededGenerator(seed: seed)
      func values(_ scale: Double) -> [Float] {
        (0..<count).map { _ in rng.uniform() < 0.1 ? 0 : Float((rng.uniform() * 2 - 1) * scale) }
      }
      parameters = values(1)
      first = values(0.01)
      second = values(0.01).map(abs)
      mean = values(0.2)
      gradient = values(40)
    }

    mutating func withVectors<R>(_ body: (ntm_update_vectors, UnsafeMutablePointer<Float>) -> R) -> R {
      parameters.withUnsafeMutableBufferPointer { p in
        first.withUnsafeMutableBufferPointer { f in
          second.withUnsafeMutableBufferPointer { s in
            mean.withUnsafeMutableBufferPointer { m in
              gradient.withUnsafeMutableBufferPointer { g in
                body(
                  ntm_update_vectors(
                    parameters: p.baseAddress!, first: f.baseAddress!, second: s.baseAddress!,
                    mean: m.baseAddress!), g.baseAddress!)
              }
            }
          }
        }
      }
    }

    var bits: [[UInt32]] { [parameters, first, second, mean, gradient].map { $0.map(\.bitPattern) } }
  }

  static func settings(_ kind: ntm_optimizer_kind) -> ntm_update_settings {
    var s = ntm_update_settings()
    s.kind = kind
    (s.divisor, s.scale, s.clip, s.step, s.epsilon) = (3, 0.75, 10, 1e-3, 1e-4)
    (s.momentum, s.one_minus_momentum, s.decay, s.one_minus_decay) = (0.9, 1 - 0.9, 0.95, 1 - 0.95)
    return s
  }

  /// Runs one update in place with `function` and returns the vectors and the result.
  static func run(
    _ function: (
      UnsafePointer<ntm_update_settings>, ntm_update_vectors, ntm_update_vectors,
      UnsafeMutablePointer<Float>, Int, Int32
    ) -> ntm_update_result,
    _ kind: ntm_optimizer_kind, count: Int, zeroing: Bool
  ) -> (Vectors, ntm_update_result) {
    var vectors = Vectors(count: count, seed: UInt64(count))
    var settings = Self.settings(kind)
    let result = vectors.withVectors { v, g in function(&settings, v, v, g, count, zeroing ? 1 : 0) }
    return (vectors, result)
  }

  @Test(
    "the fused update equals the reference bit for bit, for Adam and RMSProp, with and without zeroing",
    arguments: [NTM_ADAM, NTM_RMSPROP])
  func matchesReference(kind: ntm_optimizer_kind) {
    for count in Self.counts {
      for zeroing in [false, true] {
        let (fast, fastResult) = Self.run(ntm_parameter_update, kind, count: count, zeroing: zeroing)
        let (reference, referenceResult) = Self.run(
          ntm_parameter_update_portable, kind, count: count, zeroing: zeroing)
        #expect(fast.bits == reference.bits, "count \(count), zeroing \(zeroing)")
        #expect(fastResult.squared_norm == referenceResult.squared_norm)
        #expect(fastResult.first_non_finite == -1 && referenceResult.first_non_finite == -1)
        if zeroing { #expect(fast.gradient.allSatisfy { $0 == 0 }) }
      }
    }
  }

  /// The squared norm is of the mean gradient before clipping, in Double; tolerance 1e-12
  /// relative, for the different order of the Double sum.
  @Test("the squared norm is the mean gradient's, before clipping")
  func squaredNorm() {
    let count = 1_003
    let gradient = Vectors(count: count, seed: UInt64(count)).gradient
    let (_, result) = Self.run(ntm_parameter_update, NTM_RMSPROP, count: count, zeroing: true)
    let exact = gradient.map { Double($0 / 3) * Double($0 / 3) }.reduce(0, +)
    #expect(abs(result.squared_norm - exact) <= 1e-12 * exact)
  }

  @Test(
    "the first element whose new values are not finite is found, with its gradient", arguments: [5, 8, 1_000])
  func findsFirstNonFinite(index: Int) {
    for function in [ntm_parameter_update, ntm_parameter_update_portable] {
      // Parameters that are not finite stay so (an infinite gradient would be clipped).
      var vectors = Vectors(count: 1_003, seed: 9)
      vectors.parameters[index] = .nan
      vectors.parameters[index + 2] = .infinity
      var settings = Self.settings(NTM_ADAM)
      let result = vectors.withVectors { v, g in function(&settings, v, v, g, 1_003, 1) }
      #expect(result.first_non_finite == index)
      #expect(result.gradient_there == Vectors(count: 1_003, seed: 9).gradient[index] / 3)
    }
  }
}
