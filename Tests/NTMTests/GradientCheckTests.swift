import Testing

@testable import NTM

/// The hand-written backward pass against central finite differences, in Double, to the
/// tolerance `FiniteDifferences` states.
@Suite struct GradientCheckTests {
  static let configurations: [(String, Configuration)] = {
    func small(_ controller: Configuration.Controller) -> Configuration {
      var c = Configuration(inputWidth: 3, outputWidth: 2)
      c.memoryLocations = 8
      c.memoryWidth = 4
      c.readHeads = 2
      c.writeHeads = 2
      c.shifts = -1...1
      c.controller = controller
      return c
    }
    var identityKey = small(.lstm(layers: 2, size: 5))
    identityKey.keyActivation = .identity
    return [
      ("lstm", small(.lstm(layers: 1, size: 6))),
      ("two-layer lstm, identity key", identityKey),
      ("feedforward tanh", small(.feedforward(size: 6, activation: .tanh))),
    ]
  }()

  /// Seeded parameters spread wider than the initialisation, so that no gate saturates and no
  /// gradient is trivially zero; the initial weighting logits are taken out of their peak.
  static func parameters(_ c: Configuration, seed: UInt64) -> Parameters<Double> {
    var p = Parameters<Double>(configuration: c, seed: seed).converted(to: Double.self)
    var rng = SeededGenerator(seed: seed &+ 99)
    for i in p.values.indices { p.values[i] = rng.normal() * 0.5 }
    return p
  }

  static func episode(_ c: Configuration, steps: Int, seed: UInt64) -> (
    inputs: [[Double]], targets: [[Float]], scored: [Bool]
  ) {
    var rng = SeededGenerator(seed: seed)
    let inputs = (0..<steps).map { _ in (0..<c.inputWidth).map { _ in rng.bernoulli(0.5) ? 1.0 : 0.0 } }
    let targets = (0..<steps).map { _ in (0..<c.outputWidth).map { _ in rng.bernoulli(0.5) ? Float(1) : 0 } }
    let scored = (0..<steps).map { $0 >= 2 }
    return (inputs, targets, scored)
  }

  static func loss(_ p: Parameters<Double>, _ e: (inputs: [[Double]], targets: [[Float]], scored: [Bool]))
    -> Double
  {
    SequenceCost(records: Machine.run(p, inputs: e.inputs), targets: e.targets, scored: e.scored).bits
      * 0.693_147_180_559_945_3
  }

  @Test(arguments: 0..<3)
  func everyParameterBlockMatchesFiniteDifferences(_ which: Int) throws {
    let (name, c) = Self.configurations[which]
    Self.checkEveryBlock(c, label: name)
  }

  /// Up to 12 entries of every parameter block of `c`'s machine (seed 11, six steps) against
  /// finite differences.
  static func checkEveryBlock(
    _ c: Configuration, label: String, sourceLocation: SourceLocation = #_sourceLocation
  ) {
    let p = parameters(c, seed: 11)
    let e = episode(c, steps: 6, seed: 5)
    let analytic = p.gradient(inputs: e.inputs, targets: e.targets, scored: e.scored).gradient
    FiniteDifferences.checkEveryBlock(
      p.layout, values: p.values, analytic: analytic.values, entries: 12, label: label,
      loss: { values in
        var q = p
        q.values = values
        return loss(q, e)
      }, sourceLocation: sourceLocation)
  }

  /// A fixed initial state (w₀, r₀, h₀, c₀) gets no gradient; a learned M₀ is learned even then.
  @Test(arguments: [false, true])
  func fixedInitialStateHasNoGradient(learnedMemory: Bool) {
    var c = Self.configurations[0].1
    c.learnsInitialState = false
    if learnedMemory { c.memoryInitialisation = .learned }
    let p = Self.parameters(c, seed: 2)
    let e = Self.episode(c, steps: 4, seed: 1)
    let g = p.gradient(inputs: e.inputs, targets: e.targets, scored: e.scored).gradient
    #expect((g.layout.block(named: ParameterLayout.Name.initialMemory) != nil) == learnedMemory)
    for block in g.layout.blocks where ParameterLayout.isInitialState(block.name) {
      let zero = g.values[block.range].allSatisfy { $0 == 0 }
      #expect(zero == (block.name != ParameterLayout.Name.initialMemory), "\(block.name)")
    }
  }
}
