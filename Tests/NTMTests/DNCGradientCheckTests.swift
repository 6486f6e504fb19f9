import Testing

@testable import NTM

/// The DNC's hand-written backward pass against central finite differences, in Double, with two
/// read heads on N = 6, W = 4, for the plain DNC and with each of Csordás & Schmidhuber's fixes.
///
/// Tolerance: `FiniteDifferences`'s, the NTM's. The free list is held fixed by the backward
/// pass; a step of 1e-5 never reorders these usages (exact ties, as at the first steps, move
/// together).
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

  /// The loss as a function of the parameter values, the rest of `p` kept.
  static func loss(around p: DNCParameters<Double>, _ e: Sequence) -> ([Double]) -> Double {
    { values in
      var q = p
      q.values = values
      return SequenceCost(records: DNC.run(q, inputs: e.inputs), targets: e.targets, scored: e.scored).bits
        * 0.693_147_180_559_945_3
    }
  }

  /// Every parameter block, and every field of the interface vector (keys, strengths, gates,
  /// modes, masks, exponents), each of which has its own path through the backward pass: the
  /// interface bias of each field's first value is checked too.
  @Test(arguments: 0..<7)
  func everyBlockAndInterfaceFieldMatchesFiniteDifferences(_ which: Int) {
    let (name, c) = Self.configurations[which]
    let p = Self.parameters(c, seed: 11)
    let e = Self.sequence(c, steps: 8, seed: 5)
    let analytic = p.gradient(inputs: e.inputs, targets: e.targets, scored: e.scored).gradient
    let loss = Self.loss(around: p, e)
    FiniteDifferences.checkEveryBlock(
      p.layout, values: p.values, analytic: analytic.values, entries: 10, label: name, loss: loss)
    let bias = p.layout.offset(ParameterLayout.Name.interfaceBias)
    for block in c.interfaceLayout.blocks {
      let i = bias + block.offset
      let numeric = FiniteDifferences.derivative(loss, at: p.values, index: i)
      #expect(numeric != 0, "\(name): \(block.field) does not influence the loss")
      #expect(
        FiniteDifferences.agrees(analytic.values[i], numeric),
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
