import Testing

@testable import NTM

/// Properties of the four addressing stages (docs/ntm.md, "Addressing: four stages per head") on small random memories,
/// keys and previous weightings drawn from `SeededGenerator`.
@Suite("Addressing")
struct AddressingTests {
  /// A random distribution over `n` locations, every entry positive.
  static func distribution(_ n: Int, _ rng: inout SeededGenerator) -> [Double] {
    let raw = (0..<n).map { _ in rng.uniform() + 0.01 }
    let total = raw.reduce(0, +)
    return raw.map { $0 / total }
  }

  /// A random memory (values in ±1), key, previous weighting and head parameters.
  struct Case<S: NTMScalar> {
    var parameters: AddressingParameters<S>
    var previous: [S]
    var memory: Matrix<S>
    var shifts: ClosedRange<Int>

    func address() -> AddressingRecord<S> {
      Addressing.address(parameters, previous: previous, memory: memory, shifts: shifts)
    }
  }

  static func randomCase<S: NTMScalar>(seed: UInt64, as: S.Type = S.self) -> Case<S> {
    var rng = SeededGenerator(seed: seed)
    let n = rng.int(in: 3...12)
    let m = rng.int(in: 1...6)
    let radius = rng.int(in: 0...min(2, (n - 1) / 2))
    let shifts = -radius...radius
    let memory = Matrix(rows: n, columns: m, values: (0..<(n * m)).map { _ in S(rng.uniform() * 2 - 1) })
    let parameters = AddressingParameters(
      key: (0..<m).map { _ in S(rng.uniform() * 2 - 1) },
      keyStrength: S(rng.uniform() * 20),
      interpolationGate: S(rng.uniform()),
      shiftWeighting: distribution(shifts.count, &rng).map { S($0) },
      sharpening: S(1 + rng.uniform() * 20))
    return Case(
      parameters: parameters, previous: distribution(n, &rng).map { S($0) }, memory: memory, shifts: shifts)
  }

  /// Every stage's weighting of `record`.
  static func stages<S: NTMScalar>(_ record: AddressingRecord<S>) -> [(String, [S])] {
    [
      ("contentWeighting", record.contentWeighting), ("gatedWeighting", record.gatedWeighting),
      ("shiftedWeighting", record.shiftedWeighting), ("weighting", record.weighting),
    ]
  }

  /// Checks that every stage is finite, non-negative and sums to 1 within `tolerance`.
  static func expectDistributions<S: NTMScalar>(
    _ record: AddressingRecord<S>, tolerance: Double, _ label: String,
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    #expect(
      record.similarity.allSatisfy { $0.isFinite }, "\(label): similarity \(record.similarity)",
      sourceLocation: sourceLocation)
    for (stage, w) in stages(record) {
      #expect(
        w.allSatisfy { $0.isFinite && $0 >= 0 }, "\(label): \(stage) \(w)", sourceLocation: sourceLocation)
      let total = w.reduce(0.0) { $0 + Double($1) }
      #expect(
        abs(total - 1) <= tolerance, "\(label): \(stage) sums to \(total)", sourceLocation: sourceLocation)
    }
  }

  // MARK: Every stage is a distribution

  /// Tolerance: |Σ w − 1| ≤ 1e-12 in Double and ≤ 1e-5 in Float. Each stage sums at most 12
  /// terms of at most 1 with a relative rounding error of a few ulps each (2.2e-16 in Double,
  /// 6e-8 in Float), so the bounds leave a wide margin while a missing normalisation would be off
  /// by far more.
  @Test("every stage is non-negative and sums to 1", arguments: 0..<40)
  func everyStageIsADistribution(seed: Int) {
    let double = Self.randomCase(seed: UInt64(seed), as: Double.self).address()
    Self.expectDistributions(double, tolerance: 1e-12, "Double, seed \(seed)")
    let float = Self.randomCase(seed: UInt64(seed), as: Float.self).address()
    Self.expectDistributions(float, tolerance: 1e-5, "Float, seed \(seed)")
  }

  /// Cosine similarity against a hand-worked memory. Tolerance 1e-12 (Double): the ε of 1e-8 in
  /// the denominator shifts each value by about 1e-8 relative, so it is included in the
  /// expectation, and the rest is rounding.
  @Test("similarity is the cosine of key and row")
  func similarityIsCosine() {
    let memory = Matrix<Double>(rows: 3, columns: 2, values: [3, 4, -1, 0, 0, 2])
    let record = Addressing.address(
      AddressingParameters(
        key: [0.6, 0.8], keyStrength: 1, interpolationGate: 1, shiftWeighting: [1], sharpening: 1),
      previous: [1, 0, 0], memory: memory, shifts: 0...0)
    // ‖k‖ = 1; rows have norms 5, 1, 2 and dot products 5, −0.6, 1.6.
    let e = Addressing.similarityEpsilon
    let expected = [5 / (5 + e), -0.6 / (1 + e), 1.6 / (2 + e)]
    for i in 0..<3 { #expect(abs(record.similarity[i] - expected[i]) <= 1e-12) }
  }

  // MARK: Interpolation

  /// Exact: g·x + (1 − g)·y with g ∈ {0, 1} is x + 0 or 0 + y in floating point.
  @Test("g = 1 takes the content weighting, g = 0 the previous one", arguments: 0..<10)
  func gateSelects(seed: Int) {
    var c = Self.randomCase(seed: UInt64(seed), as: Double.self)
    c.parameters.interpolationGate = 1
    let one = c.address()
    #expect(one.gatedWeighting == one.contentWeighting)
    #expect(one.gatedWeighting != c.previous)
    c.parameters.interpolationGate = 0
    let zero = c.address()
    #expect(zero.gatedWeighting == c.previous)
    #expect(zero.gatedWeighting != zero.contentWeighting)
  }

  // MARK: Shift

  /// The one-hot shift weighting for `offset` in the case's window.
  static func oneHotShift<S: NTMScalar>(_ offset: Int, in shifts: ClosedRange<Int>) -> [S] {
    shifts.map { $0 == offset ? 1 : 0 }
  }

  /// Exact: with a one-hot s every location's sum is one product by 1 plus products by 0.
  @Test("an identity shift leaves the gated weighting unchanged", arguments: 0..<10)
  func identityShift(seed: Int) {
    var c = Self.randomCase(seed: UInt64(seed), as: Double.self)
    c.shifts = -1...1
    c.parameters.shiftWeighting = Self.oneHotShift(0, in: c.shifts)
    let r = c.address()
    #expect(r.shiftedWeighting == r.gatedWeighting)
  }

  /// Exact, as for the identity shift. docs/ntm.md and `Configuration.shifts`: offset +1 moves the
  /// focus from location i to i + 1, wrapping N − 1 → 0; −1 the other way.
  @Test("a one-hot shift of +1 or −1 rotates the gated weighting circularly", arguments: 0..<10)
  func oneStepShifts(seed: Int) {
    var c = Self.randomCase(seed: UInt64(seed), as: Double.self)
    c.shifts = -1...1
    let n = c.memory.rows
    c.parameters.shiftWeighting = Self.oneHotShift(1, in: c.shifts)
    let up = c.address()
    for i in 0..<n { #expect(up.shiftedWeighting[(i + 1) % n] == up.gatedWeighting[i], "+1, location \(i)") }
    c.parameters.shiftWeighting = Self.oneHotShift(-1, in: c.shifts)
    let down = c.address()
    for i in 0..<n {
      #expect(down.shiftedWeighting[(i + n - 1) % n] == down.gatedWeighting[i], "−1, location \(i)")
    }
    #expect(up.shiftedWeighting != down.shiftedWeighting)
  }

  /// A focused weighting at the wrap-around, by hand: s = (0.25, 0.5, 0.25) over −1…+1 spreads
  /// location 0's weight to N − 1, 0 and 1. Exact: every product and sum is a dyadic fraction.
  @Test("a blurred shift spreads the focus to both neighbours, across the wrap")
  func blurredShiftByHand() {
    let memory = Matrix<Double>(rows: 5, columns: 2, repeating: 1)
    let r = Addressing.address(
      AddressingParameters(
        key: [1, 0], keyStrength: 0, interpolationGate: 0, shiftWeighting: [0.25, 0.5, 0.25],
        sharpening: 1),
      previous: [0.75, 0.25, 0, 0, 0], memory: memory, shifts: -1...1)
    // w̃(i) = 0.25 wᵍ(i+1) + 0.5 wᵍ(i) + 0.25 wᵍ(i−1)
    #expect(r.shiftedWeighting == [0.4375, 0.3125, 0.0625, 0, 0.1875])
  }

  /// A window of −2…+2 with s one-hot at +2 moves the focus two places.
  @Test("a one-hot shift of +2 rotates by two")
  func twoStepShift() {
    var c = Self.randomCase(seed: 5, as: Double.self)
    c.shifts = -2...2
    c.parameters.shiftWeighting = Self.oneHotShift(2, in: c.shifts)
    let r = c.address()
    let n = c.memory.rows
    for i in 0..<n { #expect(r.shiftedWeighting[(i + 2) % n] == r.gatedWeighting[i]) }
  }

  // MARK: Sharpening and key strength

  /// Tolerance 1e-9 (Double): with γ = 1 the weighting is (w̃ + ε) / Σ(w̃ + ε) with ε = 1e-12, which
  /// differs from w̃ by at most about N ε ≈ 1e-11.
  @Test("γ = 1 changes nothing", arguments: 0..<10)
  func unitSharpening(seed: Int) {
    var c = Self.randomCase(seed: UInt64(seed), as: Double.self)
    c.parameters.sharpening = 1
    let r = c.address()
    for i in r.weighting.indices { #expect(abs(r.weighting[i] - r.shiftedWeighting[i]) <= 1e-9) }
  }

  /// γ > 1 concentrates the weighting: the largest entry grows and the order is kept.
  @Test("γ > 1 sharpens: the largest weight grows", arguments: 0..<10)
  func sharpeningConcentrates(seed: Int) {
    var c = Self.randomCase(seed: UInt64(seed), as: Double.self)
    c.parameters.sharpening = 3
    let r = c.address()
    let peak = r.shiftedWeighting.indices.max { r.shiftedWeighting[$0] < r.shiftedWeighting[$1] }!
    #expect(r.weighting[peak] > r.shiftedWeighting[peak])
    #expect(r.weighting.indices.max { r.weighting[$0] < r.weighting[$1] } == peak)
  }

  /// Exact: β K is ±0 everywhere, every exponent is exp(0) = 1 and every weight is 1/N.
  @Test("β = 0 gives exactly uniform content weighting", arguments: 0..<10)
  func zeroKeyStrength(seed: Int) {
    var c = Self.randomCase(seed: UInt64(seed), as: Double.self)
    c.parameters.keyStrength = 0
    let r = c.address()
    let n = c.memory.rows
    #expect(r.contentWeighting == [Double](repeating: 1 / Double(n), count: n))
    var f = Self.randomCase(seed: UInt64(seed), as: Float.self)
    f.parameters.keyStrength = 0
    #expect(f.address().contentWeighting == [Float](repeating: 1 / Float(n), count: n))
  }

  // MARK: Numerics in Float

  /// Tolerance for the sums in the extreme cases below: 1e-5, as for random Float cases.
  static let floatTolerance = 1e-5

  @Test("an all-zero memory row gives similarity 0 there, and no NaN")
  func zeroRow() {
    var c = Self.randomCase(seed: 3, as: Float.self)
    for j in 0..<c.memory.columns { c.memory[1, j] = 0 }
    let r = c.address()
    #expect(r.similarity[1] == 0)
    Self.expectDistributions(r, tolerance: Self.floatTolerance, "zero row")
  }

  /// Tolerance 1e-6: uniform 1/N in Float, up to a rounding of the sum of N ones.
  @Test("an all-zero memory gives a uniform content weighting, and no NaN")
  func zeroMemory() {
    var c = Self.randomCase(seed: 4, as: Float.self)
    c.memory = Matrix(rows: c.memory.rows, columns: c.memory.columns)
    let r = c.address()
    #expect(r.similarity.allSatisfy { $0 == 0 })
    let n = Float(c.memory.rows)
    #expect(r.contentWeighting.allSatisfy { abs($0 - 1 / n) <= 1e-6 })
    Self.expectDistributions(r, tolerance: Self.floatTolerance, "zero memory")
  }

  @Test("a zero key gives similarity 0 everywhere, and no NaN")
  func zeroKey() {
    var c = Self.randomCase(seed: 6, as: Float.self)
    c.parameters.key = [Float](repeating: 0, count: c.memory.columns)
    let r = c.address()
    #expect(r.similarity.allSatisfy { $0 == 0 })
    Self.expectDistributions(r, tolerance: Self.floatTolerance, "zero key")
  }

  /// With one-hot previous, g = 0 and an identity shift the shifted weighting has exact zeros;
  /// γ = 50 must sharpen them without log(0). The result stays one-hot at the same place
  /// (tolerance 1e-6 on the peak: ε = 1e-12 raised to the 50th power vanishes).
  @Test("exact zeros in the shifted weighting with γ = 50 stay finite")
  func exactZeros() {
    var c = Self.randomCase(seed: 7, as: Float.self)
    let n = c.memory.rows
    c.previous = (0..<n).map { $0 == 2 ? 1 : 0 }
    c.parameters.interpolationGate = 0
    c.parameters.shiftWeighting = Self.oneHotShift(0, in: c.shifts)
    c.parameters.sharpening = 50
    let r = c.address()
    #expect(r.shiftedWeighting.filter { $0 == 0 }.count == n - 1)
    Self.expectDistributions(r, tolerance: Self.floatTolerance, "exact zeros")
    #expect(abs(r.weighting[2] - 1) <= 1e-6)
  }

  /// β = 1e6 puts all the content weight on the best-matching row (tolerance 1e-6 on the peak:
  /// the next-best row is at least 1e-3 less similar in this case, and exp(−1e3) is 0).
  @Test("β = 1e6 focuses on the most similar row without overflow")
  func hugeKeyStrength() {
    var c = Self.randomCase(seed: 8, as: Float.self)
    c.parameters.keyStrength = 1e6
    let r = c.address()
    let sorted = r.similarity.sorted(by: >)
    #expect(sorted[0] - sorted[1] > 1e-3, "the case needs a clear best match")
    let best = r.similarity.firstIndex(of: sorted[0])!
    #expect(abs(r.contentWeighting[best] - 1) <= 1e-6)
    Self.expectDistributions(r, tolerance: Self.floatTolerance, "β = 1e6")
  }

  /// γ = 1e4 turns the shifted weighting into a one-hot at its largest entry (tolerance 1e-6).
  @Test("γ = 1e4 focuses on the largest shifted weight without overflow")
  func hugeSharpening() {
    var c = Self.randomCase(seed: 9, as: Float.self)
    c.parameters.sharpening = 1e4
    let r = c.address()
    let peak = r.shiftedWeighting.indices.max { r.shiftedWeighting[$0] < r.shiftedWeighting[$1] }!
    #expect(abs(r.weighting[peak] - 1) <= 1e-6)
    Self.expectDistributions(r, tolerance: Self.floatTolerance, "γ = 1e4")
  }

  /// All the extremes at once, over many random cases: zero rows, zero keys, one-hot previous
  /// weightings with g = 0, β = 1e6 and γ = 1e4.
  @Test("extreme parameters together never give NaN or Inf", arguments: 0..<20)
  func extremesTogether(seed: Int) {
    var c = Self.randomCase(seed: UInt64(1000 + seed), as: Float.self)
    let n = c.memory.rows
    for j in 0..<c.memory.columns { c.memory[seed % n, j] = 0 }
    if seed % 2 == 0 { c.parameters.key = c.parameters.key.map { _ in 0 } }
    c.previous = (0..<n).map { $0 == (seed * 7) % n ? 1 : 0 }
    c.parameters.interpolationGate = 0
    c.parameters.keyStrength = 1e6
    c.parameters.sharpening = 1e4
    Self.expectDistributions(c.address(), tolerance: Self.floatTolerance, "extremes, seed \(seed)")
  }
}
