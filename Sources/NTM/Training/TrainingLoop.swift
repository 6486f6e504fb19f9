import Dispatch
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

  /// Sequences between validations unless told otherwise: 500 when validations run on a core
  /// of their own (`validatesAhead`), where they cost training nothing and a run stops within
  /// 500 sequences of reaching its target (copy learns in about 2,500); else 2,000, so that
  /// they take a few percent of the time.
  public static func defaultValidateEvery(_ settings: TrainingSettings) -> Int {
    validatesAhead(settings) ? 500 : 2_000
  }

  /// A loop over a trainer; ``run(interrupted:progress:validated:checkpoint:)`` runs it.
  public init(
    trainer: Trainer, conditions: StopConditions, validateEvery: Int? = nil, checkpointEvery: Int? = nil
  ) {
    self.trainer = trainer
    self.conditions = conditions
    self.validateEvery = validateEvery ?? Self.defaultValidateEvery(trainer.settings)
    self.checkpointEvery = checkpointEvery
  }

  /// - Parameters:
  ///   - interrupted: polled before every update (a signal flag, a pause request).
  ///   - progress: after every update.
  ///   - validated: after every validation, with the cost.
  ///   - checkpoint: when a checkpoint is due, with the last validation cost.
  /// - Throws: `TrainingError` when a loss or gradient is not finite; the trainer then still
  ///   holds the last good parameters.
  ///
  /// When a batch leaves a core idle (`validatesAhead`), each validation runs on that core while
  /// training goes on, and its outcome is taken as a run that waited for it would have taken it:
  /// for `validated`, and when the cost reached the target, the trainer is put back to the state
  /// that was validated, and the reports of the updates made meanwhile are held back until then
  /// (and dropped if the run stops there). So the callbacks see the same values in the same
  /// order, and the run stops with the same trainer state, as when every validation is waited
  /// for; only sooner.
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
    // The validation running on the other core, the state it validates, and the progress reports
    // held back until its cost is known.
    var pending: (validation: BackgroundValidation, state: Trainer.State, held: [TrainingProgress])?

    /// Takes a validation's cost; true when it reached the target.
    func conclude(_ cost: SequenceCost) throws -> Bool {
      validation = cost
      try validated(cost)
      guard let target = conditions.untilBitErrors else { return false }
      return cost.bitErrors < target
    }
    /// Takes the pending validation's cost, if it is done or `waiting`, with the trainer back at
    /// the validated state; true when it reached the target (the trainer then stays there).
    func settle(waiting: Bool) throws -> Bool {
      guard let (background, state, held) = pending, waiting || background.isDone else { return false }
      pending = nil
      let (cost, seconds) = background.result()
      trainer.phases[.validation] += seconds
      let ahead = trainer.state
      trainer.restore(state)
      let reached = try conclude(cost)
      if !reached { trainer.restore(ahead) }
      for var report in held.prefix(reached ? 1 : held.count) {
        report.validation = cost
        progress(report)
      }
      return reached
    }
    func finish(_ reason: StopReason) throws -> StopReason {
      try settle(waiting: true) ? .reachedCost : reason
    }

    while true {
      if interrupted() { return try finish(.interrupted) }
      let elapsed = Date().timeIntervalSince(start)
      if let max = conditions.maxSequences, trainer.sequencesSeen >= max {
        return try finish(.reachedSequences)
      }
      if let max = conditions.maxSeconds, elapsed >= max { return try finish(.reachedTime) }

      let report: BatchReport
      do {
        report = try trainer.trainBatch()
      } catch {
        // A run that had waited for the pending validation might have stopped before this.
        if try settle(waiting: true) { return .reachedCost }
        throw error
      }
      if try settle(waiting: false) { return .reachedCost }
      let mean = report.meanCost
      recent =
        recent.map {
          SequenceCost(
            bits: 0.95 * $0.bits + 0.05 * mean.bits, bitErrors: 0.95 * $0.bitErrors + 0.05 * mean.bitErrors)
        } ?? mean

      let checkpointDue = nextCheckpoint.map { trainer.sequencesSeen >= $0 } ?? false
      if trainer.sequencesSeen >= nextValidation {
        nextValidation += validateEvery
        if try settle(waiting: true) { return .reachedCost }
        if validatesAhead && !checkpointDue {
          pending = (BackgroundValidation(trainer), trainer.state, [])
        } else if try conclude(trainer.validate()) {
          progress(snapshot(start, firstSequence, recent!, validation))
          return .reachedCost
        }
      }
      if checkpointDue, let due = nextCheckpoint, let every = checkpointEvery {
        if try settle(waiting: true) { return .reachedCost }
        nextCheckpoint = due + every
        try checkpoint(validation)
      }
      let now = snapshot(start, firstSequence, recent!, validation)
      if pending != nil { pending!.held.append(now) } else { progress(now) }
    }
  }

  /// Whether validations run on a core of their own while training goes on: when the batch
  /// leaves one idle.
  public var validatesAhead: Bool { Self.validatesAhead(trainer.settings) }

  static func validatesAhead(_ settings: TrainingSettings) -> Bool { settings.threads > settings.batchSize }

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

/// A validation computed on another thread, of a trainer's parameters as they were when it began.
final class BackgroundValidation: @unchecked Sendable {
  private let finished = DispatchSemaphore(value: 0)
  private let lock = NSLock()
  private var outcome: (cost: SequenceCost, seconds: Double)?

  init(_ trainer: Trainer) {
    let (parameters, episodes) = (trainer.parameters, trainer.validationSet)
    DispatchQueue.global().async { [self] in
      let start = TrainingPhases.now()
      let cost = Evaluation.meanCost(parameters, episodes: episodes, threads: 1)
      lock.withLock { outcome = (cost, TrainingPhases.now() - start) }
      finished.signal()
    }
  }

  var isDone: Bool { lock.withLock { outcome != nil } }

  /// The cost and the seconds it took, waiting for them if need be.
  func result() -> (cost: SequenceCost, seconds: Double) {
    finished.wait()
    finished.signal()
    return lock.withLock { outcome! }
  }
}
