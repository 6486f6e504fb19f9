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
