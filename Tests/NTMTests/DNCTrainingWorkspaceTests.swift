import Testing

@testable import NTM

/// The trainer's DNC path, which writes each step into the record of the same step of the
/// sequence before and keeps the backward pass's scratch and gradient (`TrainingWorkspace`),
/// against the fresh one (`DNC.run`, `DNCBackpropagation.gradient`): the same records and the
/// same gradient, exactly, over sequences that get longer, then shorter, then longer again, so
/// that records are reused, put aside and taken back.
///
/// Exact equality (no tolerance): the two paths run the same operations in the same order on
/// the same values, only into other buffers.
@Suite struct DNCTrainingWorkspaceTests {
  static func configuration(_ change: (inout DNCConfiguration) -> Void = { _ in }) -> DNCConfiguration {
    var c = DNCConfiguration(inputWidth: 4, outputWidth: 3)
    c.memoryLocations = 10
    c.memoryWidth = 5
    c.readHeads = 2
    c.controller = .lstm(layers: 1, size: 12)
    change(&c)
    return c
  }

  static let configurations: [(String, DNCConfiguration)] = [
    ("plain", configuration()),
    (
      "all three fixes, two-layer lstm",
      configuration {
        $0.masking = true
        $0.deallocation = true
        $0.linkSharpness = true
        $0.controller = .lstm(layers: 2, size: 6)
      }
    ),
    (
      "feedforward, one read head",
      configuration { ($0.controller, $0.readHeads) = (.feedforward(size: 9, activation: .tanh), 1) }
    ),
  ]

  /// A sequence of `length` steps with random inputs and targets, the first two steps unscored.
  static func sequence(_ length: Int, _ c: DNCConfiguration, seed: UInt64) -> (
    inputs: [[Float]], targets: [[Float]], scored: [Bool]
  ) {
    var rng = SeededGenerator(seed: seed)
    let inputs = (0..<length).map { _ in (0..<c.inputWidth).map { _ in Float(rng.int(in: 0...1)) } }
    let targets = (0..<length).map { _ in (0..<c.outputWidth).map { _ in Float(rng.int(in: 0...1)) } }
    return (inputs, targets, (0..<length).map { $0 >= 2 })
  }

  @Test(arguments: configurations)
  func inPlaceRecordsAndGradientEqualFreshOnes(name: String, configuration c: DNCConfiguration) {
    let parameters = DNCParameters<Float>(configuration: c, seed: 7)
    let machine = MachineParameters<Float>.dnc(parameters)
    let workspace = TrainingWorkspace<Float>()
    var gradient = SequenceGradient<Float>(denseLayers: [])
    for (k, length) in [9, 4, 12].enumerated() {
      let (inputs, targets, scored) = Self.sequence(length, c, seed: UInt64(k + 1))
      let records = DNC.run(parameters, inputs: inputs)
      let cost = machine.run(inputs: inputs, targets: targets, scored: scored, in: workspace)
      #expect(workspace.dncRecords == records, "\(name), sequence \(k): records")
      #expect(
        cost == SequenceCost(records: records, targets: targets, scored: scored), "\(name), sequence \(k)")
      for clip: Float? in [nil, 0.05] {
        let fresh = DNCBackpropagation.gradient(
          parameters, records: records, targets: targets, scored: scored, clipRecurrent: clip)
        machine.backward(
          targets: targets, scored: scored, clipRecurrent: clip, in: workspace, into: &gradient)
        #expect(
          Self.values(gradient, c) == Self.values(fresh, c),
          "\(name), sequence \(k), clip \(String(describing: clip))")
      }
    }
  }

  /// A sequence's gradient as a parameter-sized vector.
  static func values(_ gradient: SequenceGradient<Float>, _ c: DNCConfiguration) -> [Float] {
    var values = DNCParameters<Float>(zerosFor: c).values
    values.withUnsafeMutableBufferPointer { gradient.add(into: $0.baseAddress!) }
    return values
  }
}
