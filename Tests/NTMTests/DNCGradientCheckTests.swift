import Testing

@testable import NTM

/// The DNC's hand-written backward pass against central finite differences, in Double, with two
/// read heads on N = 6, W = 4, for the plain DNC and with each of Csordás & Schmidhuber's fixes.
///
/// Tolerance: |analytic − numeric| ≤ 1e-7 + 1e-5 · max(|analytic|, |numeric|), as for the NTM
/// (GradientCheckTests): with h = 1e-5 a central difference is off by about h² f‴ ≈ 1e-10 from
/// truncation and 1e-16 / h ≈ 1e-11 from rounding, far below any real mistake. The free list
/// is held fixed by the backward pass; a step of 1e-5 never reorders these usages (exact ties,
/// as at the first steps, move together).
@Suite struct DNCGradientCheckTests {
  static func small(_ change: (inout DNCConfiguration) -> Void = { _ in }) -> DNCConfiguration {
    var c = DNCConfiguration(inputWidth: 3, outputWidth: 2)
    c.memoryLocations = 6
    c.memoryWidth = 4
    c.readHeads = 2
    c.controller = .lstm(layers: 1, size: 5)
    change(&c)
    return c
  }

  static let configurations: [(String, DNCConfiguration)] = [
    ("plain", small()),
    ("masking", small { $0.masking = true }),
    ("de-allocation", small { $0.deallocation = true }),
    ("link sharpness", small { $0.linkSharpness = true }),
    (
      "all three fixes",
      small {
        $0.masking = true
        $0.deallocation = true
        $0.linkSharpness = true
      }
    ),
    (
      "two-layer lstm, tanh keys",
      small {
        $0.controller = .lstm(layers: 2, size: 4)
        $0.keyActivation = .tanh
      }
    ),
    ("feedforward", small { $0.controller = .feedforward(size: 6, activation: .tanh) }),
  ]

  /// Seeded parameters spread wider than the initialisation, so that no gate saturates and no
  /// gradient is trivially zero.
  static func parameters(_ c: DNCConfiguration, seed: UInt64) -> DNCParameters<Double> {
    var p = DNCParameters<Double>(zerosFor: c)
    var rng = SeededGenerator(seed: seed)
    for i in p.values.indices { p.values[i] = rng.normal() * 0.5 }
    return p
  }

  typealias Sequence = (inputs: [[Double]], targets: [[Float]], scored: [Bool])

  static func sequence(_ c: DNCConfiguration, steps: Int, seed: UInt64) -> Sequence {
    var rng = SeededGenerator(seed: seed)
    let inputs = (0..<steps).map { _ in (0..<c.inputWidth).map { _ in rng.bernoulli(0.5) ? 1.0 : 0.0 } }
    let targets = (0..<steps).map { _ in (0..<c.outputWidth).map { _ in rng.bernoulli(0.5) ? Float(1) : 0 } }
    return (inputs, targets, (0..<steps).map { $0 >= 2 })
  }

  static func loss(_ p: DNCParameters<Double>, _ e: Sequence) -> Double {
    SequenceCost(records: DNC.run(p, inputs: e.inputs), targets: e.targets, scored: e.scored).bits
      * 0.693_147_180_559_945_3
  }

  static func numeric(_ p: DNCParameters<Double>, _ e: Sequence, at i: Int) -> Double {
    let h = 1e-5
    var plus = p
    plus.values[i] += h
    var minus = p
    minus.values[i] -= h
    return (loss(plus, e) - loss(minus, e)) / (2 * h)
  }

  static func agrees(_ a: Double, _ numeric: Double) -> Bool {
    abs(a - numeric) <= 1e-7 + 1e-5 * max(abs(a), abs(numeric))
  }

  @Test(arguments: 0..<7)
  func everyParameterBlockMatchesFiniteDifferences(_ which: Int) {
    let (name, c) = Self.configurations[which]
    let p = Self.parameters(c, seed: 11)
    let e = Self.sequence(c, steps: 8, seed: 5)
    let analytic = p.gradient(inputs: e.inputs, targets: e.targets, scored: e.scored).gradient
    var rng = SeededGenerator(seed: 3)
    for block in p.layout.blocks {
      // Up to 10 entries per block, chosen at random, always including the first.
      var indices = [block.offset]
      for _ in 0..<min(9, block.count - 1) {
        indices.append(block.offset + rng.int(in: 0...(block.count - 1)))
      }
      var blockIsZero = true
      for i in indices {
        let numeric = Self.numeric(p, e, at: i)
        if numeric != 0 { blockIsZero = false }
        #expect(
          Self.agrees(analytic.values[i], numeric),
          "\(name): \(block.name)[\(i - block.offset)] analytic \(analytic.values[i]) numeric \(numeric)")
      }
      #expect(!blockIsZero, "\(name): \(block.name) has zero gradient at every checked entry")
    }
  }

  /// Every field of the interface vector (keys, strengths, gates, modes, masks, exponents) has
  /// its own path through the backward pass: the bias of each field's first value is checked.
  @Test(arguments: 0..<7)
  func everyInterfaceFieldMatchesFiniteDifferences(_ which: Int) {
    let (name, c) = Self.configurations[which]
    let p = Self.parameters(c, seed: 12)
    let e = Self.sequence(c, steps: 8, seed: 6)
    let analytic = p.gradient(inputs: e.inputs, targets: e.targets, scored: e.scored).gradient
    let bias = p.layout.offset(ParameterLayout.Name.interfaceBias)
    for block in c.interfaceLayout.blocks {
      let i = bias + block.offset
      let numeric = Self.numeric(p, e, at: i)
      #expect(numeric != 0, "\(name): \(block.field) does not influence the loss")
      #expect(
        Self.agrees(analytic.values[i], numeric),
        "\(name): \(block.field) analytic \(analytic.values[i]) numeric \(numeric)")
    }
  }

  @Test func fixedInitialStateHasNoGradient() {
    var c = Self.small()
    c.learnsInitialState = false
    let p = Self.parameters(c, seed: 2)
    let e = Self.sequence(c, steps: 4, seed: 1)
    let g = p.gradient(inputs: e.inputs, targets: e.targets, scored: e.scored).gradient
    for block in g.layout.blocks where ParameterLayout.isInitialState(block.name) {
      #expect(g.values[block.range].allSatisfy { $0 == 0 }, "\(block.name)")
    }
  }
}
