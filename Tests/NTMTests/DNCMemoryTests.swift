import Testing

@testable import NTM

/// The DNC's memory management on its own: the free list, the allocation weighting and its
/// backward pass, the temporal links, with values worked out by hand.
@Suite struct DNCMemoryTests {
  @Test func freeListOrdersByUsageThenLocation() {
    // Exact ties go to the lower location, every time.
    #expect(Allocation.freeList(usage: [0.5, 0.2, 0.5, 0.2, 0.0]) == [4, 1, 3, 0, 2])
    #expect(Allocation.freeList(usage: [Float](repeating: 0, count: 5)) == [0, 1, 2, 3, 4])
    #expect(Allocation.freeList(usage: [Float](repeating: 1, count: 3)) == [0, 1, 2])
  }

  @Test func allocationWeightingByHand() {
    // φ = [1, 0, 2]: a[1] = 1 − 0.2, a[0] = (1 − 0.5) 0.2, a[2] = (1 − 0.9) 0.2 · 0.5.
    let u = [0.5, 0.2, 0.9]
    let a = Allocation.weighting(usage: u, freeList: Allocation.freeList(usage: u))
    #expect(zip(a, [0.1, 0.8, 0.01]).allSatisfy { abs($0 - $1) < 1e-15 })
    // An all-zero usage allocates the first location fully, and nothing else: no 0/0.
    #expect(
      Allocation.weighting(usage: [Float](repeating: 0, count: 4), freeList: [0, 1, 2, 3]) == [1, 0, 0, 0])
    // A full memory allocates nothing.
    #expect(Allocation.weighting(usage: [Float](repeating: 1, count: 3), freeList: [0, 1, 2]) == [0, 0, 0])
  }

  /// The backward pass with the free list fixed, against central differences of the same
  /// formula (tolerance 1e-9), at usages that include exact zeros, where a version dividing by
  /// the usage would give NaN.
  @Test func allocationBackwardMatchesFiniteDifferencesAtZeroUsage() {
    let u = [0.0, 0.3, 0.0, 0.7, 0.55]
    let phi = Allocation.freeList(usage: u)
    let g = [0.4, -1.1, 0.9, 0.25, -0.6]
    func loss(_ x: [Double]) -> Double {
      zip(Allocation.weighting(usage: x, freeList: phi), g).map(*).reduce(0, +)
    }
    let du = Allocation.weightingBackward(usage: u, freeList: phi, dAllocation: g)
    #expect(du.allSatisfy { $0.isFinite })
    for i in u.indices {
      let numeric = FiniteDifferences.derivative(loss, at: u, index: i)
      #expect(abs(du[i] - numeric) < 1e-9, "u[\(i)]: analytic \(du[i]) numeric \(numeric)")
    }
  }

  @Test func retentionFreesWhatTheReadHeadsRead() {
    // Head 0 read location 1 fully and frees it; head 1 read locations 0 and 2 half each and
    // half frees them.
    let psi = Allocation.retention(
      freeGates: [1.0, 0.5], previousReadWeightings: [[0, 1, 0], [0.5, 0, 0.5]])
    #expect(psi == [0.75, 0, 0.75])
  }

  /// Writes at locations 2, then 0, then 3 (one-hot): the link records 0 after 2 and 3 after 0,
  /// and a read head that read 2 follows the link forward to 0, one that read 0 backward to 2.
  @Test func linksRecordTheOrderOfWrites() {
    let n = 4
    func oneHot(_ i: Int) -> [Double] { (0..<n).map { $0 == i ? 1 : 0 } }
    var link = Matrix<Double>(rows: n, columns: n)
    var precedence = [Double](repeating: 0, count: n)
    var last: (forward: [[Double]], backward: [[Double]]) = ([], [])
    for location in [2, 0, 3] {
      let w = oneHot(location)
      let step = TemporalLink.forward(
        link: link, precedence: precedence, writeWeighting: w, readWeightings: [oneHot(2), oneHot(0)])
      (link, last) = (step.link, (step.forward, step.backward))
      precedence = TemporalLink.precedence(previous: precedence, writeWeighting: w)
    }
    var expected = Matrix<Double>(rows: n, columns: n)
    expected[0, 2] = 1
    expected[3, 0] = 1
    #expect(link == expected)
    #expect(precedence == oneHot(3))
    #expect(last.forward[0] == oneHot(0))  // after 2 came 0
    #expect(last.backward[1] == oneHot(2))  // before 0 came 2
    #expect(last.forward[1] == oneHot(3))  // after 0 came 3
  }

  /// A write spread over several locations never links a location to itself, and the rows of
  /// the link stay sums of at most 1 (Graves et al.: Lₜ is a transition matrix of at most one).
  @Test func linkHasAZeroDiagonalAndRowsOfAtMostOne() {
    var rng = SeededGenerator(seed: 9)
    let n = 11  // not a multiple of eight: the kernels' partial blocks are exercised
    var link = Matrix<Double>(rows: n, columns: n)
    var precedence = [Double](repeating: 0, count: n)
    for _ in 0..<20 {
      let raw = (0..<n).map { _ in rng.normal() * 2 }
      let w = Activation.softmax(raw).map { 0.9 * $0 }
      link =
        TemporalLink.forward(link: link, precedence: precedence, writeWeighting: w, readWeightings: [w])
        .link
      precedence = TemporalLink.precedence(previous: precedence, writeWeighting: w)
    }
    for i in 0..<n {
      #expect(link[i, i] == 0)
      #expect((0..<n).map { link[i, $0] }.reduce(0, +) <= 1 + 1e-12)
      #expect((0..<n).map { link[$0, i] }.reduce(0, +) <= 1 + 1e-12)
    }
    #expect(link.values.allSatisfy { $0 >= 0 })
  }
}
