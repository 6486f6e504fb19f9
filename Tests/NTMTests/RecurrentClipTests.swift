import Foundation
import Testing

@testable import NTM

/// `clipRecurrent`: a head stuck on an exactly uniform weighting multiplies the weighting
/// gradient carried back through time by its sharpening γ at every step (the Jacobian of
/// sharpening at a uniform weighting is γ(I − 11ᵀ/N)), which overflows `Float` within a
/// sequence; clipping that gradient at every step keeps the whole gradient finite. This is how
/// the paper's priority-sort machine (feedforward, 8 + 8 heads, lr 5e-4, seed 1) stopped at
/// update 587.
@Suite("Clipping the recurrent weighting gradient")
struct RecurrentClipTests {
  /// A small feedforward NTM whose write head keeps its uniform initial weighting: its gate is
  /// g = σ(−40) (so w^g = w_{t−1} exactly in Float) and its γ = 1 + softplus(20) ≈ 21,
  /// whatever the controller says.
  static func stuckMachine() throws -> (Parameters<Float>, Episode) {
    let task = try CopyTask(vectorWidth: 4, minLength: 20, maxLength: 20)
    var c = Configuration(inputWidth: task.inputWidth, outputWidth: task.outputWidth)
    (c.memoryLocations, c.memoryWidth, c.controller) = (16, 6, .feedforward(size: 12, activation: .tanh))
    var p = Parameters<Float>(configuration: c, seed: 3)
    let write = HeadID.all(c)[0]
    let dense = p.layout.dense
    let head = dense.headLayout(write)
    let hidden = c.controller.outputSize
    for (field, bias) in [(NTMHeadField.interpolationGate, Float(-40)), (.sharpening, 20)] {
      let row = head.range(of: field).lowerBound
      for j in 0..<hidden { p.values[dense.headWeight(write) + row * hidden + j] = 0 }
      p.values[dense.headBias(write) + row] = bias
    }
    let initial = p.layout.offset(ParameterLayout.Name.initialWeighting(write))
    for i in 0..<c.memoryLocations { p.values[initial + i] = 0 }
    var rng = SeededGenerator(seed: 5)
    return (p, task.episode(using: &rng))
  }

  static func gradient(_ p: Parameters<Float>, _ episode: Episode, clip: Float?) -> [Float] {
    let records = p.run(inputs: episode.inputs)
    var total = [Float](repeating: 0, count: p.values.count)
    let g = p.backward(
      records: records, targets: episode.targets, scored: episode.scored, clipRecurrent: clip)
    total.withUnsafeMutableBufferPointer { g.add(into: $0.baseAddress!) }
    return total
  }

  @Test func aStuckHeadOverflowsTheGradientUnlessItIsClippedOnTheWay() throws {
    let (p, episode) = try Self.stuckMachine()
    let records = p.run(inputs: episode.inputs)
    let uniform = [Float](repeating: 1 / 16, count: 16)
    #expect(
      records.allSatisfy { $0.writeHeads[0].weighting == uniform },
      "the write head left the uniform weighting")
    let unclipped = Self.gradient(p, episode, clip: nil)
    #expect(unclipped.contains { !$0.isFinite }, "41 steps of γ ≈ 21 should pass Float's range")
    let clipped = Self.gradient(p, episode, clip: 10)
    #expect(clipped.allSatisfy { $0.isFinite })
    // The clip changes only what flowed through the stuck head: the output layer's gradient
    // (computed before anything is carried back) is the same either way.
    let output = p.layout.offset(ParameterLayout.Name.outputBias)
    let outputCount = p.configuration.outputWidth
    #expect(
      Array(clipped[output..<(output + outputCount)]) == Array(unclipped[output..<(output + outputCount)]))
  }

  @Test func theTrainerStopsOnTheOverflowAndNamesTheCureAndTrainsWithIt() throws {
    let (p, _) = try Self.stuckMachine()
    let task = try CopyTask(vectorWidth: 4, minLength: 20, maxLength: 20)
    var settings = TrainingSettings()
    settings.threads = 1
    let error = #expect(throws: TrainingError.self) {
      try Trainer(task: task, parameters: .ntm(p), settings: settings).trainBatch()
    }
    #expect(error?.description.contains("--clip-recurrent") == true, "\(String(describing: error))")
    settings.optimizer.clipRecurrent = 10
    let trainer = Trainer(task: task, parameters: .ntm(p), settings: settings)
    try trainer.trainBatch()
    #expect(trainer.updates == 1 && trainer.parameters.values.allSatisfy { $0.isFinite })
  }

  @Test func aBoundNoGradientReachesChangesNothing() throws {
    // The shipped-model recipes do not clip; a bound far above every carried gradient must give
    // the same gradient bit for bit, so the option costs nothing where it does not bite.
    let task = try CopyTask(vectorWidth: 3, minLength: 1, maxLength: 5)
    var c = Configuration(inputWidth: task.inputWidth, outputWidth: task.outputWidth)
    (c.memoryLocations, c.memoryWidth, c.controller) = (8, 4, .lstm(layers: 1, size: 6))
    let p = Parameters<Float>(configuration: c, seed: 2)
    var rng = SeededGenerator(seed: 9)
    let episode = task.episode(using: &rng)
    #expect(Self.gradient(p, episode, clip: 1e30) == Self.gradient(p, episode, clip: nil))
  }

  @Test func theDNCClipsItsCarriedWeightingGradientsToo() throws {
    let task = try CopyTask(vectorWidth: 3, minLength: 4, maxLength: 6)
    var c = DNCConfiguration(inputWidth: task.inputWidth, outputWidth: task.outputWidth)
    (c.memoryLocations, c.memoryWidth, c.readHeads, c.controller) = (6, 4, 2, .lstm(layers: 1, size: 6))
    let p = MachineParameters<Float>.dnc(DNCParameters(configuration: c, seed: 4))
    var rng = SeededGenerator(seed: 9)
    let episode = task.episode(using: &rng)
    let records = p.run(inputs: episode.inputs)
    func gradient(_ clip: Float?) -> [Float] {
      var total = [Float](repeating: 0, count: p.values.count)
      let g = p.backward(
        records: records, targets: episode.targets, scored: episode.scored, clipRecurrent: clip)
      total.withUnsafeMutableBufferPointer { g.add(into: $0.baseAddress!) }
      return total
    }
    #expect(gradient(1e30) == gradient(nil))
    // A tiny bound cuts what reaches earlier steps through the weightings, and only that: the
    // output layer's gradient is the same.
    let (tiny, free) = (gradient(1e-9), gradient(nil))
    #expect(tiny != free)
    let output = p.layout.offset(ParameterLayout.Name.outputBias)
    let count = c.outputWidth
    #expect(Array(tiny[output..<(output + count)]) == Array(free[output..<(output + count)]))
  }
}
