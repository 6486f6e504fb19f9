import Testing

@testable import NTM

/// The training loop's schedule: validating on another core while training goes on must give
/// the callbacks and the final trainer state of a run that waits for every validation.
@Suite("Training loop")
struct TrainingLoopTests {
  /// What a run showed its callbacks, and where it stopped.
  struct Run: Equatable {
    var reason: StopReason
    var validations: [SequenceCost] = []
    /// (sequences seen, last validation) of every progress report, in order.
    var reports: [String] = []
    var checkpoints: [Int] = []
    var sequencesSeen = 0
    var parameters: [UInt32] = []
  }

  /// Copy with 2-bit vectors of length 1…3 on lstm:8 and an 8 × 4 memory (as TrainingTests),
  /// RMSProp at batch 1, validated every 16 sequences on 8 sequences.
  static func trainer(threads: Int) -> Trainer {
    var settings = TrainingSettings()
    settings.optimizer = OptimizerSettings(kind: .rmsprop)
    settings.optimizer.learningRate = 3e-3
    settings.batchSize = 1
    settings.threads = threads
    settings.seed = 4
    settings.validationSequences = 8
    return Trainer(
      task: TrainingTests.task,
      parameters: .ntm(Parameters(configuration: TrainingTests.configuration(), seed: 4)),
      settings: settings)
  }

  static func run(threads: Int, conditions: StopConditions, checkpointEvery: Int? = nil) throws -> Run {
    let trainer = Self.trainer(threads: threads)
    let loop = TrainingLoop(
      trainer: trainer, conditions: conditions, validateEvery: 16, checkpointEvery: checkpointEvery)
    #expect(loop.validatesAhead == (threads > 1))
    var run = Run(reason: .interrupted)
    run.reason = try loop.run(
      interrupted: { false },
      progress: { p in run.reports.append("\(p.sequencesSeen) \(p.validation.map { "\($0)" } ?? "-")") },
      validated: { run.validations.append($0) },
      checkpoint: { _ in run.checkpoints.append(trainer.sequencesSeen) })
    run.sequencesSeen = trainer.sequencesSeen
    run.parameters = trainer.parameters.values.map(\.bitPattern)
    return run
  }

  @Test("validating ahead on a second core gives the run that waits for each validation")
  func validatingAheadChangesNothing() throws {
    // Every validation of a run to 160 sequences, and a target that the run first reaches
    // part-way (a cost below the first validation's).
    let full = try Self.run(threads: 1, conditions: StopConditions(maxSequences: 160))
    #expect(full.validations.count == 10)
    let first = full.validations[0].bitErrors
    let reaching = try #require(full.validations.firstIndex { $0.bitErrors < first })
    let target = full.validations[reaching].bitErrors + 1e-9
    #expect(full.validations[..<reaching].allSatisfy { $0.bitErrors >= target })

    for conditions in [
      StopConditions(maxSequences: 160), StopConditions(maxSequences: 160, untilBitErrors: target),
    ] {
      let waiting = try Self.run(threads: 1, conditions: conditions, checkpointEvery: 40)
      let ahead = try Self.run(threads: 2, conditions: conditions, checkpointEvery: 40)
      #expect(ahead == waiting)
    }
    let stopped = try Self.run(
      threads: 2, conditions: StopConditions(maxSequences: 160, untilBitErrors: target))
    #expect(stopped.reason == .reachedCost && stopped.sequencesSeen == 16 * (reaching + 1))
    #expect(stopped.reports.count == stopped.sequencesSeen)
  }
}
