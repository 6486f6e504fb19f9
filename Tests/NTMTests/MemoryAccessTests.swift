import Testing

@testable import NTM

/// Reading and writing (docs/ntm.md, steps 3 and 4 of "One timestep") against examples worked by hand on a 3 × 2 memory.
///
/// Every number below is a dyadic fraction (a few bits of mantissa), so each product and sum the
/// code forms is exact in Float and in Double; the expectations are therefore exact equalities.
@Suite("Memory access")
struct MemoryAccessTests {
  /// M = [[1, 2], [3, 4], [−1, 0.5]].
  static func memory<S: NTMScalar>(_: S.Type = S.self) -> Matrix<S> {
    Matrix(rows: 3, columns: 2, values: [1, 2, 3, 4, -1, 0.5])
  }

  static func rows<S: NTMScalar>(_ m: Matrix<S>) -> [[S]] { m.nestedRows }

  @Test("read is the weighted sum of rows")
  func readByHand() {
    // r = 0.5 [1, 2] + 0.25 [3, 4] + 0.25 [−1, 0.5] = [0.5 + 0.75 − 0.25, 1 + 1 + 0.125]
    #expect(MemoryAccess.read(Self.memory(Double.self), weighting: [0.5, 0.25, 0.25]) == [1, 2.125])
    #expect(MemoryAccess.read(Self.memory(Float.self), weighting: [0.5, 0.25, 0.25]) == [1, 2.125])
  }

  @Test("a one-hot read returns that row")
  func oneHotRead() {
    for i in 0..<3 {
      let w: [Float] = (0..<3).map { $0 == i ? 1 : 0 }
      #expect(MemoryAccess.read(Self.memory(Float.self), weighting: w) == Self.memory(Float.self).row(i))
    }
  }

  @Test("one head erases, then adds")
  func eraseThenAdd() {
    // w = [0.5, 0, 0.5], e = [1, 0.5], a = [0.25, −1].
    // Erase, M(i) ∘ (1 − w(i) e):
    //   row 0: [1 · (1 − 0.5), 2 · (1 − 0.25)] = [0.5, 1.5]
    //   row 1: w = 0, unchanged [3, 4]
    //   row 2: [−1 · 0.5, 0.5 · 0.75] = [−0.5, 0.375]
    // Add, + w(i) a:
    //   row 0: [0.5 + 0.125, 1.5 − 0.5] = [0.625, 1]
    //   row 2: [−0.5 + 0.125, 0.375 − 0.5] = [−0.375, −0.125]
    // (Adding before erasing would give row 0 = [1.125, 1.5] ∘ [0.5, 0.75] = [0.5625, 1.125].)
    let expected: [[Double]] = [[0.625, 1], [3, 4], [-0.375, -0.125]]
    let after = MemoryAccess.write(
      Self.memory(Double.self), weightings: [[0.5, 0, 0.5]], erases: [[1, 0.5]], adds: [[0.25, -1]])
    #expect(Self.rows(after) == expected)
    let afterFloat = MemoryAccess.write(
      Self.memory(Float.self), weightings: [[0.5, 0, 0.5]], erases: [[1, 0.5]], adds: [[0.25, -1]])
    #expect(Self.rows(afterFloat) == expected.map { $0.map(Float.init) })
  }

  @Test("full weight and full erase replace a row with the add vector")
  func fullOverwrite() {
    let after = MemoryAccess.write(
      Self.memory(Float.self), weightings: [[0, 1, 0]], erases: [[1, 1]], adds: [[-0.75, 0.5]])
    #expect(Self.rows(after) == [[1, 2], [-0.75, 0.5], [-1, 0.5]])
  }

  @Test("a zero weighting leaves memory unchanged")
  func zeroWeighting() {
    let after = MemoryAccess.write(
      Self.memory(Float.self), weightings: [[0, 0, 0]], erases: [[1, 1]], adds: [[1, 1]])
    #expect(after == Self.memory(Float.self))
  }

  /// Two heads: all erases multiply, then all adds sum.
  ///   head 1: w = [1, 0, 0.5],   e = [0.5, 1], a = [1, 0]
  ///   head 2: w = [0.5, 0.5, 0], e = [1, 0],   a = [0, 0.5]
  /// Erase factors Πₕ (1 − wₕ(i) eₕ):
  ///   row 0: [0.5, 0] ∘ [0.5, 1] = [0.25, 0]  → M̃ = [0.25, 0]
  ///   row 1: [1, 1] ∘ [0.5, 1]   = [0.5, 1]   → M̃ = [1.5, 4]
  ///   row 2: [0.75, 0.5] ∘ [1, 1]             → M̃ = [−0.75, 0.25]
  /// Adds Σₕ wₕ(i) aₕ:
  ///   row 0: [1, 0] + [0, 0.25] → [1.25, 0.25]
  ///   row 1: [0, 0] + [0, 0.25] → [1.5, 4.25]
  ///   row 2: [0.5, 0] + [0, 0]  → [−0.25, 0.25]
  /// Writing the heads one after the other (erase, add, erase, add) would give row 0 =
  /// ([0.5, 0] + [1, 0]) ∘ [0.5, 1] + [0, 0.25] = [0.75, 0.25] instead.
  static let headOne: (w: [Double], e: [Double], a: [Double]) = ([1, 0, 0.5], [0.5, 1], [1, 0])
  static let headTwo: (w: [Double], e: [Double], a: [Double]) = ([0.5, 0.5, 0], [1, 0], [0, 0.5])
  static let twoHeadResult: [[Double]] = [[1.25, 0.25], [1.5, 4.25], [-0.25, 0.25]]

  @Test("two write heads: erases multiply, adds sum, in either order")
  func twoHeadsEitherOrder() {
    let (one, two) = (Self.headOne, Self.headTwo)
    let forward = MemoryAccess.write(
      Self.memory(Double.self), weightings: [one.w, two.w], erases: [one.e, two.e], adds: [one.a, two.a])
    let swapped = MemoryAccess.write(
      Self.memory(Double.self), weightings: [two.w, one.w], erases: [two.e, one.e], adds: [two.a, one.a])
    #expect(Self.rows(forward) == Self.twoHeadResult)
    #expect(Self.rows(swapped) == Self.twoHeadResult)

    func float(_ x: [Double]) -> [Float] { x.map(Float.init) }
    let forwardFloat = MemoryAccess.write(
      Self.memory(Float.self), weightings: [float(one.w), float(two.w)],
      erases: [float(one.e), float(two.e)],
      adds: [float(one.a), float(two.a)])
    let swappedFloat = MemoryAccess.write(
      Self.memory(Float.self), weightings: [float(two.w), float(one.w)],
      erases: [float(two.e), float(one.e)],
      adds: [float(two.a), float(one.a)])
    #expect(Self.rows(forwardFloat) == Self.twoHeadResult.map(float))
    #expect(swappedFloat == forwardFloat)
  }

  /// The same rule for random heads: order among heads does not change the memory beyond
  /// rounding (tolerance 1e-12 in Double: the products of three factors may round differently in
  /// another order, by an ulp or two of values below 10).
  @Test("three random write heads give the same memory in any order", arguments: 0..<5)
  func randomHeadsCommute(seed: Int) {
    var rng = SeededGenerator(seed: UInt64(seed))
    let n = 6
    let m = 3
    let memory = Matrix<Double>(rows: n, columns: m, values: (0..<(n * m)).map { _ in rng.uniform() * 4 - 2 })
    let heads = (0..<3).map { _ in
      (
        w: (0..<n).map { _ in rng.uniform() }, e: (0..<m).map { _ in rng.uniform() },
        a: (0..<m).map { _ in rng.uniform() * 2 - 1 }
      )
    }
    func write(_ order: [Int]) -> Matrix<Double> {
      MemoryAccess.write(
        memory, weightings: order.map { heads[$0].w }, erases: order.map { heads[$0].e },
        adds: order.map { heads[$0].a })
    }
    let reference = write([0, 1, 2])
    for order in [[0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]] {
      let other = write(order)
      for k in reference.values.indices {
        #expect(abs(other.values[k] - reference.values[k]) <= 1e-12, "order \(order), cell \(k)")
      }
    }
  }
}
