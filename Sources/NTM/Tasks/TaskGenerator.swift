/// One sequence of a task: what the machine is shown, what it should answer, and which steps
/// are scored.
///
/// All arrays have one entry per timestep. Bits are 0 or 1 stored as `Float`; a few channels
/// carry other values (the repeat count of repeat copy, the priority of priority sort).
public struct Episode: Sendable, Equatable {
  /// The input vector of each step (`inputWidth` values each).
  public var inputs: [[Float]]
  /// The target vector of each step (`outputWidth` values each); all zeros where not scored.
  public var targets: [[Float]]
  /// Whether each step's output is scored by the loss and the bit-error count.
  public var scored: [Bool]
  /// What each step is, for display: input, delimiter, output, query …
  public var phases: [Phase]

  /// An episode of the given steps; the four arrays have one entry per timestep.
  public init(inputs: [[Float]], targets: [[Float]], scored: [Bool], phases: [Phase]) {
    self.inputs = inputs
    self.targets = targets
    self.scored = scored
    self.phases = phases
  }

  /// The number of timesteps.
  public var length: Int { inputs.count }
}

/// The role of one timestep of a task sequence.
public enum Phase: String, Sendable, Codable, CaseIterable {
  /// A vector is being presented.
  case input
  /// A delimiter or control step (end of input, repeat count, query marker).
  case delimiter
  /// The machine is expected to answer.
  case output
}

/// A family of training sequences: one of the paper's algorithmic tasks, generated on demand.
///
/// ```swift
/// let task = try makeTask(named: "copy")
/// var rng = SeededGenerator(seed: 1)
/// let training = task.episode(using: &rng)  // length drawn from 1…20
/// let long = task.episode(size: 120, using: &rng)  // generalisation test
/// ```
///
/// A task is a value: its parameters are stored properties fixed at initialisation, and every
/// random choice comes from the `SeededGenerator` passed in, so the same seed gives the same
/// episode on every machine. That is what lets a checkpoint record "copy, seed 7" and a trace be
/// replayed exactly.
///
/// Each task has one *size knob* (the sequence length, the number of items …) that the paper
/// varies to test generalisation beyond the training range; `episode(size:using:)` fixes it while
/// every other knob is still drawn from its training range.
///
/// Note that this protocol shares its name with Swift concurrency's `Task`: inside `NTM`, and in
/// modules that import it, write `_Concurrency.Task` for the latter.
public protocol TaskGenerator: Sendable {
  /// Stable identifier used on the command line and in checkpoints: "copy", "repeat-copy",
  /// "associative-recall", "dynamic-ngrams", "priority-sort", "balanced-parentheses",
  /// "memory-reuse".
  var name: String { get }
  /// The number of values in each input vector.
  var inputWidth: Int { get }
  /// The number of values in each target vector (and in the machine's output).
  var outputWidth: Int { get }
  /// The name of the size knob that `episode(size:using:)` varies: "length", "items", "inputs",
  /// "rounds".
  var sizeName: String { get }
  /// The training range of that knob (the paper's defaults unless the task was configured).
  var trainingSizes: ClosedRange<Int> { get }
  /// Every size `episode(size:using:)` accepts (it traps outside; use `checkedEpisode` to get an
  /// error instead). Usually far wider than `trainingSizes`, for generalisation tests, and bounded
  /// above so that every episode fits in `Limits.steps`.
  var validSizes: ClosedRange<Int> { get }
  /// The most timesteps an episode of this size can have (knobs other than the size at the top of
  /// their training range), so that a run's memory can be checked before its episode is built.
  /// - Precondition: `validSizes.contains(size)`.
  func maximumSteps(size: Int) -> Int
  /// The sizes `ntm eval` reports by default (the paper's generalisation sizes, e.g. copy
  /// 10, 20, 30, 50, 80, 120).
  var evaluationSizes: [Int] { get }
  /// Every parameter as strings, for checkpoint metadata and traces, e.g.
  /// `["vectorWidth": "8", "minLength": "1", "maxLength": "20"]`.
  /// `makeTask(named: name, parameters: parameters)` rebuilds an equal task.
  var parameters: [String: String] { get }
  /// A sequence from the training range.
  func episode(using rng: inout SeededGenerator) -> Episode
  /// A sequence whose size knob is fixed (other knobs still drawn from their training range).
  /// - Precondition: `validSizes.contains(size)`.
  func episode(size: Int, using rng: inout SeededGenerator) -> Episode
  /// The episode with its targets recomputed from its (edited) inputs, for tasks whose
  /// targets are a function of the inputs alone; nil for the others (their targets depend on
  /// hidden draws, such as the n-gram table). The visualiser uses it when the user edits a bit.
  func retargeted(_ episode: Episode) -> Episode?
  /// What each step of the episode means in the task's terms (numbered inputs, the query, the
  /// expected order …), for the viewer to draw; see `EpisodeReading`.
  func reading(of episode: Episode) -> EpisodeReading
}

extension TaskGenerator {
  /// Draws the size uniformly from `trainingSizes`, then builds that episode.
  public func episode(using rng: inout SeededGenerator) -> Episode {
    episode(size: rng.int(in: trainingSizes), using: &rng)
  }

  /// Like `episode(size:using:)`, but throws `TaskError.sizeOutOfRange` for a size the task
  /// cannot build (e.g. one item for associative recall), for sizes typed by a user.
  public func checkedEpisode(size: Int, using rng: inout SeededGenerator) throws -> Episode {
    guard validSizes.contains(size) else {
      throw TaskError.sizeOutOfRange(task: name, sizeName: sizeName, size: size, valid: validSizes)
    }
    return episode(size: size, using: &rng)
  }
}

extension Episode {
  /// The number of scored steps.
  public var scoredCount: Int { scored.lazy.filter { $0 }.count }
}
