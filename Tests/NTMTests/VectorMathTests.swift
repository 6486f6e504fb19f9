import Foundation
import Testing

@testable import NTM

/// The eight-at-a-time `Float` functions (`VectorMath`, reached through `NTMScalar`'s buffer
/// forms) against the C library in `Double`, over a sweep of the whole `Float` range plus a dense
/// sweep where the model's values lie, and on the edge cases one by one.
///
/// Tolerances, in units in the last place of the correctly rounded result: exp and log within
/// 1 ulp, tanh and sigmoid within 2.5 ulp (measured over every `Float`: 0.998, 0.835, 2.42 and
/// 2.40). Where exp's result is subnormal the error is at most one subnormal step instead.
@Suite("Vector math")
struct VectorMathTests {
  enum Function: String, CaseIterable, CustomStringConvertible {
    case exp, log, tanh, sigmoid
    var description: String { rawValue }

    var toleranceInUlps: Double { self == .exp || self == .log ? 1 : 2.5 }

    func vector(_ values: [Float]) -> [Float] {
      switch self {
      case .exp: Float.exp(each: values)
      case .log: Float.log(each: values)
      case .tanh: Float.tanh(each: values)
      case .sigmoid: Float.sigmoid(each: values)
      }
    }

    func reference(_ x: Double) -> Double {
      switch self {
      case .exp: Foundation.exp(x)
      case .log: Foundation.log(x)
      case .tanh: Foundation.tanh(x)
      case .sigmoid: 1 / (1 + Foundation.exp(-x))
      }
    }
  }

  /// Every 8191st bit pattern (both signs, subnormals, infinities and NaNs among them), then
  /// −20 … 20 in steps of about 2⁻¹², where the LSTM's and the heads' pre-activations lie, and
  /// 0 … 1 for the sharpening's logarithm of weightings.
  static let sweep: [Float] = {
    var values = stride(from: 0, to: UInt64(1) << 32, by: 8191).map { Float(bitPattern: UInt32($0)) }
    values += stride(from: -20, through: 20, by: 1 / 4096 as Float)
    values += stride(from: 0, through: 1, by: 1 / 65536 as Float)
    return values
  }()

  /// The error of `value` in ulps of the correctly rounded `reference`; 0 where both are the
  /// same infinity or both NaN.
  static func ulps(_ value: Float, _ reference: Double) -> Double {
    if value.isNaN || reference.isNaN { return value.isNaN && reference.isNaN ? 0 : .infinity }
    let rounded = Float(reference)
    if value == rounded { return 0 }
    if value.isInfinite || rounded.isInfinite { return .infinity }
    return abs(Double(value) - reference) / Double(max(rounded.ulp, .leastNonzeroMagnitude))
  }

  @Test(arguments: Function.allCases)
  func agreesWithTheCLibrary(_ f: Function) {
    let results = f.vector(Self.sweep)
    var worst = (ulps: 0.0, x: Float(0))
    var worstSubnormal = 0.0
    for (x, y) in zip(Self.sweep, results) {
      let reference = f.reference(Double(x))
      if f == .exp && reference < Double(Float.leastNormalMagnitude) {
        worstSubnormal = max(worstSubnormal, abs(Double(y) - reference))
        continue
      }
      let error = Self.ulps(y, reference)
      if error > worst.ulps { worst = (error, x) }
    }
    #expect(worst.ulps <= f.toleranceInUlps, "\(f): \(worst.ulps) ulp at \(worst.x)")
    #expect(worstSubnormal <= Double(Float.leastNonzeroMagnitude), "\(f): subnormal error \(worstSubnormal)")
  }

  @Test func expEdgeCases() {
    let cases: [(Float, Float)] = [
      (0, 1), (-0.0, 1), (1e-30, 1), (-1e-30, 1), (.leastNonzeroMagnitude, 1),
      (89, .infinity), (1000, .infinity), (.infinity, .infinity),
      (-104, 0), (-1000, 0), (-.infinity, 0),
    ]
    for (x, expected) in cases { #expect(Float.exp(each: [x]) == [expected], "exp(\(x))") }
    // Just inside and outside the finite range, and a subnormal result.
    #expect(Float.exp(each: [88.72])[0].isFinite)
    #expect(Float.exp(each: [88.73])[0] == .infinity)
    let subnormal = Float.exp(each: [-100])[0]
    #expect(subnormal > 0 && subnormal < .leastNormalMagnitude)
    #expect(Float.exp(each: [.nan])[0].isNaN)
  }

  @Test func logEdgeCases() {
    let cases: [(Float, Float)] = [
      (1, 0), (0, -.infinity), (-0.0, -.infinity), (.infinity, .infinity),
    ]
    for (x, expected) in cases { #expect(Float.log(each: [x]) == [expected], "log(\(x))") }
    for x: Float in [-1, -.leastNonzeroMagnitude, -.infinity, .nan] {
      #expect(Float.log(each: [x])[0].isNaN, "log(\(x))")
    }
    // The sharpening's log(w̃ + 1e-12) of an exact zero, and the extremes of the range.
    for x: Float in [1e-12, .leastNonzeroMagnitude, .leastNormalMagnitude, .greatestFiniteMagnitude] {
      #expect(Self.ulps(Float.log(each: [x])[0], Foundation.log(Double(x))) <= 1, "log(\(x))")
    }
  }

  @Test func tanhEdgeCases() {
    // Odd, exact for tiny values (sign of zero kept), exactly ±1 once tanh rounds to ±1.
    for x: Float in [0, -0.0, 1e-30, -1e-30, .leastNonzeroMagnitude, -.leastNonzeroMagnitude] {
      let y = Float.tanh(each: [x])[0]
      #expect(y == Float(Foundation.tanh(Double(x))) && y.sign == x.sign, "tanh(\(x))")
    }
    for x: Float in [9.1, 10, 50, 1e30, .infinity] {
      #expect(Float.tanh(each: [x, -x]) == [1, -1], "tanh(±\(x))")
    }
    #expect(Float.tanh(each: [.nan])[0].isNaN)
    #expect(Float.tanh(each: Self.sweep).allSatisfy { $0.isNaN || abs($0) <= 1 })
  }

  /// The loss works from the logits (`Activation.binaryCrossEntropy`) and the output gradient is
  /// y − target, so nothing takes log σ(z), and σ may round to exactly 1. It does so where
  /// 1 + e⁻ˣ rounds to 1, as the scalar form with the C library does: from x ≈ 16.6, where the
  /// true value is within 2⁻²⁴ (one ulp below 1) of 1.
  @Test func sigmoidEdgeCases() {
    #expect(Float.sigmoid(each: [0, -0.0]) == [0.5, 0.5])
    for x: Float in [17, 20, 100, .infinity] { #expect(Float.sigmoid(each: [x]) == [1], "σ(\(x))") }
    for x: Float in [-104, -1000, -.infinity] { #expect(Float.sigmoid(each: [x]) == [0], "σ(\(x))") }
    #expect(Float.sigmoid(each: [.nan])[0].isNaN)
    let results = Float.sigmoid(each: Self.sweep)
    let ones = zip(Self.sweep, results).filter { $0.1 == 1 }.map { $0.0 }
    #expect(ones.allSatisfy { $0 > 16.5 && 1 - 1 / (1 + Foundation.exp(-Double($0))) <= 0x1p-24 })
    #expect(results.allSatisfy { $0.isNaN || (0...1).contains($0) })
    let losses = Activation.binaryCrossEntropy(
      logits: [-100, -20, 0, 20, 100] as [Float], targets: [1, 1, 1, 0, 0])
    #expect(losses.allSatisfy { $0.isFinite && $0 >= 0 })
  }

  /// Every length up to two blocks and a bit, so that the partial last block is covered: each
  /// element comes out as it does on its own, and the elements after the buffer are untouched.
  @Test(arguments: Function.allCases)
  func partialBlocks(_ f: Function) {
    for count in 0...19 {
      let values = (0..<count).map { Float($0) * 0.37 + 0.01 }
      var storage = values + [Float](repeating: -7, count: 8)
      storage.withUnsafeMutableBufferPointer { all in
        let buffer = UnsafeMutableBufferPointer(rebasing: all[0..<count])
        switch f {
        case .exp: Float.formExp(buffer)
        case .log: Float.formLog(buffer)
        case .tanh: Float.formTanh(buffer)
        case .sigmoid: Float.formSigmoid(buffer)
        }
      }
      #expect(Array(storage[..<count]) == values.map { f.vector([$0])[0] }, "\(f), \(count) values")
      #expect(storage[count...].allSatisfy { $0 == -7 }, "\(f), \(count) values")
    }
  }

  /// `Double` keeps the C library exactly, for the gradient checks.
  @Test func doubleUsesTheCLibrary() {
    let values = stride(from: -30.0, through: 30, by: 0.173).map { $0 }
    #expect(Double.exp(each: values) == values.map { Foundation.exp($0) })
    #expect(Double.tanh(each: values) == values.map { Foundation.tanh($0) })
    #expect(Double.sigmoid(each: values) == values.map { Activation.sigmoid($0) })
    let positive = values.map { abs($0) }
    #expect(Double.log(each: positive) == positive.map { Foundation.log($0) })
  }
}
