import Foundation

/// Trains on a thread of its own while a front end (the viewer's `--train` mode) shows the
/// model as it learns. The front end reads `snapshot` whenever it likes; the trainer publishes
/// a copy of its parameters a few times a second, so reading never waits on a batch.
public final class BackgroundTrainer: @unchecked Sendable {
  /// What the front end shows of a training run: the latest published parameters and counts.
  public struct Snapshot: Sendable {
    /// Increases with every publication; a reader compares it with the last one it saw.
    public var version = 0
    /// The parameters at the last publication.
    public var parameters: MachineParameters<Float>
    /// Training sequences seen so far.
    public var sequencesSeen = 0
    /// Parameter updates made so far.
    public var updates = 0
    /// Validation cost in bits per sequence, one entry per validation: the learning curve.
    public var curve: [Double] = []
    /// The last validation cost, if any yet.
    public var lastValidation: SequenceCost?
    /// Sequences per second over the last publication interval.
    public var throughput = 0.0
    /// Whether training is paused (see ``setPaused(_:)``).
    public var isPaused = false
    /// Why training stopped, if it did (a non-finite loss, for example).
    public var failure: String?
  }

  private let trainer: Trainer
  private let validateEvery: Int
  private let publishInterval: TimeInterval
  /// Guards `current`, `paused` and `stopped`: held only for moments, so readers never wait.
  private let lock = NSLock()
  /// Guards the trainer itself: held for a batch, and by `checkpoint()`.
  private let trainerLock = NSLock()
  private var current: Snapshot
  private var paused = false
  private var stopped = false
  private var thread: Thread?

  /// Wraps a trainer; nothing runs until ``start()``. It validates every `validateEvery` sequences
  /// and publishes a snapshot every `publishInterval` seconds.
  public init(trainer: Trainer, validateEvery: Int = 1_000, publishInterval: TimeInterval = 0.25) {
    self.trainer = trainer
    self.validateEvery = validateEvery
    self.publishInterval = publishInterval
    current = Snapshot(
      parameters: trainer.parameters, sequencesSeen: trainer.sequencesSeen, updates: trainer.updates)
  }

  /// The latest published snapshot; never waits on a batch.
  public var snapshot: Snapshot { locked { current } }

  /// Starts training on a thread of its own.
  public func start() {
    let thread = Thread { [self] in run() }
    thread.name = "ntm-training"
    self.thread = thread
    thread.start()
  }

  /// Pauses or resumes training between batches.
  public func setPaused(_ value: Bool) {
    locked {
      paused = value
      current.isPaused = value
    }
  }

  /// Asks the thread to stop after its current batch.
  public func stop() { locked { stopped = true } }

  /// The trainer's state as a checkpoint, taken between batches.
  public func checkpoint() -> Checkpoint {
    trainerLock.lock()
    defer { trainerLock.unlock() }
    return trainer.checkpoint(validation: locked { current.lastValidation })
  }

  private func run() {
    var nextValidation = trainer.sequencesSeen + validateEvery
    var lastPublish = Date()
    var sequencesAtPublish = trainer.sequencesSeen
    while true {
      let (stop, pause) = locked { (stopped, paused) }
      if stop { return }
      if pause {
        Thread.sleep(forTimeInterval: 0.05)
        continue
      }
      do {
        trainerLock.lock()
        defer { trainerLock.unlock() }
        try trainer.trainBatch()
      } catch {
        locked { current.failure = "\(error)" }
        return
      }
      var validation: SequenceCost?
      if trainer.sequencesSeen >= nextValidation {
        nextValidation += validateEvery
        validation = trainer.validate()
      }
      let now = Date()
      if validation != nil || now.timeIntervalSince(lastPublish) >= publishInterval {
        let rate =
          Double(trainer.sequencesSeen - sequencesAtPublish) / max(now.timeIntervalSince(lastPublish), 1e-9)
        let parameters = trainer.parameters
        locked {
          current.version += 1
          current.parameters = parameters
          current.sequencesSeen = trainer.sequencesSeen
          current.updates = trainer.updates
          current.throughput = rate
          if let validation {
            current.lastValidation = validation
            current.curve.append(validation.bits)
          }
        }
        lastPublish = now
        sequencesAtPublish = trainer.sequencesSeen
      }
    }
  }

  @discardableResult
  private func locked<T>(_ body: () throws -> T) rethrows -> T {
    lock.lock()
    defer { lock.unlock() }
    return try body()
  }
}
