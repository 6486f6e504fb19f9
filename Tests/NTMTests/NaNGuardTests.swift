import Foundation
import Testing

@testable import NTM

/// The trainer's guard: an update that makes any parameter non-finite is undone, so the model in
/// memory (and therefore any checkpoint saved from it) is the last good one.
@Suite("NaN guard")
struct NaNGuardTests {
  static func trainer(learningRate: Double, kind: OptimizerSettings.Kind) throws -> Trainer {
    let task = try CopyTask(vectorWidth: 2, minLength: 1, maxLength: 3)
    var c = Configuration(inputWidth: task.inputWidth, outputWidth: task.outputWidth)
    (c.memoryLocations, c.memoryWidth, c.controller) = (8, 4, .lstm(layers: 1, size: 6))
    var settings = TrainingSettings()
    settings.optimizer = OptimizerSettings(kind: kind)
    settings.optimizer.learningRate = learningRate
    settings.batchSize = 2
    settings.threads = 1
    return Trainer(task: task, parameters: .ntm(Parameters(configuration: c, seed: 3)), settings: settings)
  }

  @Test(
    "an update that overflows is undone: parameters, optimiser state and counts",
    arguments: [
      OptimizerSettings.Kind.rmsprop, .adam,
    ])
  func overflowingUpdateIsUndone(_ kind: OptimizerSettings.Kind) throws {
    let good = try Self.trainer(learningRate: 1e-3, kind: kind)
    try good.trainBatch()
    // The same state, now with a rate that turns the next update into infinities.
    var settings = good.settings
    settings.optimizer.learningRate = 1e300
    let trainer = Trainer(
      task: good.task, parameters: good.parameters, settings: settings, optimizerState: good.optimizerState,
      sequencesSeen: good.sequencesSeen, updates: good.updates)
    let error = #expect(throws: TrainingError.self) { try trainer.trainBatch() }
    #expect(error?.description.contains("not finite") == true, "\(String(describing: error))")
    #expect(error?.description.contains("update 2") == true, "\(String(describing: error))")
    #expect(trainer.parameters == good.parameters)
    #expect(trainer.optimizerState == good.optimizerState)
    #expect(trainer.sequencesSeen == good.sequencesSeen && trainer.updates == good.updates)
    // What would be saved loads back.
    let data = try trainer.checkpoint(validation: nil).safeTensors().encoded()
    #expect(throws: Never.self) {
      try Checkpoint(try SafeTensors(data: data, source: "kept"), source: "kept")
    }
  }
}
