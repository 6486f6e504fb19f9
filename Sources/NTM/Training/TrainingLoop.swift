import Foundation

/// When a training run stops.
public struct StopConditions: Sendable {
  /// Stop once this many sequences have been seen in all (resumed runs included).
  public var maxSequences: Int?
  /// Stop after this many seconds of this run.
  public var maxSeconds: Double?
  /// Stop once validation mean bit errors per sequence fall below this.
  public var untilBitErrors: Double?
  /// Conditions of which the first to hold stops the run; with none, only an interruption does.
  public init(maxSequences: Int? = nil, maxSeconds: Double? = nil, untilBitErrors: Double? = nil) {
    self.maxSequences = maxSequences
    self.maxSeconds = maxSeconds
    self.untilBitErrors = untilBitErrors
  }
}

/// Progress of a run, reported after every update.
public struct TrainingProgress: Sendable {
  /// Sequences seen, over all resumed runs.
  public var sequencesSeen: Int
  /// Updates made, over all resumed runs.
  public var updates: Int
  /// Seconds in this run (not counting resumed runs before it).
  public var elapsed: Double
  /// Sequences per second in this run.
  public var throughput: Double
  /// Exponential moving average of the training cost per sequence.
  public var recentCost: SequenceCost
  /// The last validation, if any yet.
  public var validation: SequenceCost?
  /// Estimated seconds to the nearest of the sequence and time limits.
  public var remaining: Double?
}

/// Why a run stopped.
public enum StopReason: Sendable, Equatable {
  /// The sequence limit was reached.
  case reachedSequences
  /// The time limit was reached.
  case reachedTime
  /// A validation fell below the cost asked for.
  case reachedCost
  /// The caller's `interrupted` closure said stop (a signal, in `ntm train`).
  case interrupted
}

/// Runs a `Trainer` until a stop condition holds, validating every `validateEvery` sequences
/// and asking for a checkpoint every `checkpointEvery` sequences. Printing and saving are the
/// caller's (the library does neither): it passes closures.
public struct TrainingLoop {
  /// The trainer to run.
  public var trainer: Trainer
  /// When to stop.
  public var conditions: StopConditions
  /// Validate every this many sequences.
  public var validateEvery: Int
  /// Ask for a checkpoint every this many sequences, if set.
  public var checkpointEvery: Int?

  /// A loop over a trainer; ``run(interrupted:progress:validated:checkpoint:)`` runs it.
  public init(
    trainer: Trainer, conditions: StopConditions, validateEvery: Int = 2_000, checkpointEvery: Int? = nil
  ) {
    self.trainer = trainer
    self.conditions = conditions
    self.validateEvery = validateEvery
    self.checkpointEvery = checkpointEvery
  }

  /// - Parameters:
  ///   - interrupted: polled before every update (a signal flag, a pause request).
  ///   - progress: after every update.
  ///   - validated: after every validation, with the cost.
  ///   - checkpoint: when a checkpoint is due, with the last validation cost.
  /// - Throws: `TrainingError` when a loss or gradient is not finite; the trainer then still
  ///   holds the last good parameters.
  public func run(
    interrupted: () -> Bool, progress: (TrainingProgress) -> Void, validated: (SequenceCost) throws -> Void,
    checkpoint: (SequenceCost?) throws -> Void
  ) throws -> StopReason {
    let start = Date()
    let firstSequence = trainer.sequencesSeen
    var recent: SequenceCost?
    var validation: SequenceCost?
    var nextValidation = trainer.sequencesSeen + validateEvery
    var nextCheckpoint = checkpointEvery.map { trainer.sequencesSeen + $0 }
    while true {
      if interrupted() { return .interrupted }
      let elapsed = Date().timeIntervalSince(start)
      if let max = conditions.maxSequences, trainer.sequencesSeen >= max { return .reachedSequences }
      if let max = conditions.maxSeconds, elapsed >= max { return .reachedTime }

      let report = try trainer.trainBatch()
      let mean = report.meanCost
      recent =
        recent.map {
          SequenceCost(
            bits: 0.95 * $0.bits + 0.05 * mean.bits, bitErrors: 0.95 * $0.bitErrors + 0.05 * mean.bitErrors)
        } ?? mean

      if trainer.sequencesSeen >= nextValidation {
        nextValidation += validateEvery
        let cost = trainer.validate()
        validation = cost
        try validated(cost)
        if let target = conditions.untilBitErrors, cost.bitErrors < target {
          progress(snapshot(start, firstSequence, recent!, validation))
          return .reachedCost
        }
      }
      if let due = nextCheckpoint, trainer.sequencesSeen >= due, let every = checkpointEvery {
        nextCheckpoint = due + every
        try checkpoint(validation)
      }
      progress(snapshot(start, firstSequence, recent!, validation))
    }
  }

  private func snapshot(
    _ start: Date, _ firstSequence: Int, _ recent: SequenceCost, _ validation: SequenceCost?
  )
    -> TrainingProgress
  {
    let elapsed = Date().timeIntervalSince(start)
    let done = trainer.sequencesSeen - firstSequence
    let rate = elapsed > 0 ? Double(done) / elapsed : 0
    var remaining: Double?
    if let max = conditions.maxSequences, rate > 0 { remaining = Double(max - trainer.sequencesSeen) / rate }
    if let max = conditions.maxSeconds { remaining = min(remaining ?? .infinity, max - elapsed) }
    return TrainingProgress(
      sequencesSeen: trainer.sequencesSeen, updates: trainer.updates, elapsed: elapsed, throughput: rate,
      recentCost: recent, validation: validation, remaining: remaining)
  }
}
