import Testing

@testable import NTM

/// The interface layout: one list of named blocks from which counts, offsets, the split, the
/// activations and their backward pass derive.
@Suite struct InterfaceLayoutTests {
  enum Field: Hashable, Sendable, CustomStringConvertible {
    case key, strength, gate, modes, scale, level
    var description: String { "\(self)" }
  }

  static let layout = InterfaceLayout<Field>([
    (.key, .vector(3), .tanh), (.strength, .one, .oneplus), (.gate, .one, .sigmoid),
    (.modes, .vector(3), .softmax), (.scale, .vector(2), .softplus), (.level, .vector(2), .identity),
  ])

  @Test func offsetsAndCountsFollowTheList() {
    let layout = Self.layout
    #expect(layout.count == 12)
    #expect(layout.blocks.map(\.offset) == [0, 3, 4, 5, 8, 10])
    #expect(layout.range(of: .modes) == 5..<8)
    #expect(layout.contains(.level))
    #expect(!InterfaceLayout<Field>([(.key, .vector(2), .identity)]).contains(.gate))
  }

  @Test func eachBlockIsActivatedByItsOwnFunction() {
    let raw: [Double] = [0.5, -1, 2, 0.3, -0.7, 1, 2, 3, -2, 40, 5, -6]
    let v = InterfaceVector(layout: Self.layout, raw: raw)
    #expect(Array(v[.key]) == [0.5, -1, 2].map { Double.tanh($0) })
    #expect(v.value(.strength) == 1 + Activation.softplus(0.3))
    #expect(v.value(.gate) == Activation.sigmoid(-0.7))
    let modes = Array(v[.modes])
    #expect(abs(modes.reduce(0, +) - 1) < 1e-15 && modes[2] > modes[1] && modes[1] > modes[0])
    #expect(Array(v[.scale]) == [Activation.softplus(-2.0), 40 + Double.log(1 + Double.exp(-40))])
    #expect(Array(v[.level]) == [5, -6])
    #expect(v.ifPresent(.level) == [5, -6])
  }

  /// The backward pass of every activation against central differences of L = Σ c · activated,
  /// with c fixed weights (tolerance 1e-8: the functions are smooth and of order 1 here).
  @Test func backwardMatchesFiniteDifferences() {
    let layout = Self.layout
    var rng = SeededGenerator(seed: 4)
    let raw = (0..<layout.count).map { _ in rng.normal() }
    let c = (0..<layout.count).map { _ in rng.normal() }
    func loss(_ x: [Double]) -> Double { zip(layout.activate(x), c).map(*).reduce(0, +) }
    let dRaw = layout.backward(raw: raw, activated: layout.activate(raw), gradient: c)
    for i in raw.indices {
      let numeric = FiniteDifferences.derivative(loss, at: raw, index: i)
      #expect(abs(dRaw[i] - numeric) < 1e-8, "raw[\(i)]: analytic \(dRaw[i]) numeric \(numeric)")
    }
  }

  @Test func gradientsAccumulateIntoTheirFields() {
    var d = [Double](repeating: 0, count: Self.layout.count)
    Self.layout.accumulate([1, 2, 3], into: &d, at: .modes)
    Self.layout.accumulate(4, into: &d, at: .gate)
    Self.layout.accumulate(1, into: &d, at: .gate)
    #expect(d == [0, 0, 0, 0, 5, 1, 2, 3, 0, 0, 0, 0])
  }
}
