/// Memory reuse (the DNC paper's test of dynamic allocation, Graves et al. 2016, Extended Data
/// Fig. 1): several copy rounds in one sequence, each recalled right after it is shown.
///
/// Once a round has been recalled its vectors are never needed again, so their locations may
/// be freed and written over. With the default training range a sequence holds up to 32
/// vectors, twice the 16 locations of the DNC this task is meant for: 21% of training
/// sequences and 62% of those with 4 rounds hold more than 16, and at the evaluation sizes of
/// 8 rounds and more nearly all do (up to 128 vectors). A machine that cannot reuse memory must
/// overwrite vectors it still needs. The DNC paper ran the same test with 10 rounds of 5
/// vectors and 10 locations.
///
/// Encoding (`vectorWidth` w = 8 by default), round after round, each exactly as one copy
/// episode (`CopyTask`):
/// - input width w + 1: the bits, then a delimiter channel; output width w;
/// - round k, of length Lₖ: Lₖ input steps (the vectors, phase `.input`, unscored); 1 delimiter
///   step (delimiter channel 1, phase `.delimiter`, unscored); Lₖ recall steps (zero input,
///   phase `.output`, scored, target round k's vectors in order). Σₖ (2Lₖ + 1) steps in all;
/// - the number of rounds is the size knob; each round's length is drawn uniformly from
///   `minLength…maxLength`, independently of the others.
///
/// Size knob: "rounds", trained on 1…4 with lengths 1…8; `ntm eval` reports 4, 8, 12 and 16
/// rounds, sequences of more rounds than any trained on, whose total far exceeds the memory.
public struct MemoryReuseTask: TaskGenerator, Equatable {
  public static let taskName = TaskName.memoryReuse.rawValue
  static let parameterNames = ["vectorWidth", "minRounds", "maxRounds", "minLength", "maxLength"]

  /// Bits per vector.
  public let vectorWidth: Int
  /// Fewest training rounds.
  public let minRounds: Int
  /// Most training rounds.
  public let maxRounds: Int
  /// Shortest round.
  public let minLength: Int
  /// Longest round.
  public let maxLength: Int

  public init(
    vectorWidth: Int = 8, minRounds: Int = 1, maxRounds: Int = 4, minLength: Int = 1, maxLength: Int = 8
  )
    throws
  {
    try TaskValidation.require(vectorWidth, "vectorWidth", in: 1...4096, task: Self.taskName)
    // Lengths first: they bound the rounds whose episodes fit in `Limits.steps`.
    try TaskValidation.requireRange(
      minLength, "minLength", maxLength, "maxLength", in: 1...(Limits.steps.upperBound - 1) / 2,
      task: Self.taskName)
    try TaskValidation.requireRange(
      minRounds, "minRounds", maxRounds, "maxRounds", in: Self.roundCounts(maxLength: maxLength),
      task: Self.taskName)
    self.vectorWidth = vectorWidth
    self.minRounds = minRounds
    self.maxRounds = maxRounds
    self.minLength = minLength
    self.maxLength = maxLength
  }

  /// Parameters from strings; missing ones take the defaults.
  public init(parameters: [String: String]) throws {
    let reader = try TaskParameterReader(task: Self.taskName, given: parameters, known: Self.parameterNames)
    try self.init(
      vectorWidth: reader.int("vectorWidth", default: 8),
      minRounds: reader.int("minRounds", default: 1),
      maxRounds: reader.int("maxRounds", default: 4),
      minLength: reader.int("minLength", default: 1),
      maxLength: reader.int("maxLength", default: 8))
  }

  public var name: String { Self.taskName }
  public var inputWidth: Int { vectorWidth + 1 }
  public var outputWidth: Int { vectorWidth }
  /// The input channel that marks the end of a round's vectors.
  public var delimiterChannel: Int { vectorWidth }
  public var sizeName: String { "rounds" }
  public var trainingSizes: ClosedRange<Int> { minRounds...maxRounds }
  public var validSizes: ClosedRange<Int> { Self.roundCounts(maxLength: maxLength) }
  /// The round counts whose episodes (at most 2·maxLength + 1 steps a round) fit in
  /// `Limits.steps`.
  static func roundCounts(maxLength: Int) -> ClosedRange<Int> {
    1...Limits.steps.upperBound / (2 * maxLength + 1)
  }
  public func maximumSteps(size rounds: Int) -> Int { rounds * (2 * maxLength + 1) }
  public var evaluationSizes: [Int] { [4, 8, 12, 16] }
  public var parameters: [String: String] {
    [
      "vectorWidth": String(vectorWidth), "minRounds": String(minRounds), "maxRounds": String(maxRounds),
      "minLength": String(minLength), "maxLength": String(maxLength),
    ]
  }

  public func episode(size rounds: Int, using rng: inout SeededGenerator) -> Episode {
    precondition(validSizes.contains(rounds), "memory-reuse: rounds must be in \(validSizes), not \(rounds)")
    var builder = EpisodeBuilder(inputWidth: inputWidth, outputWidth: outputWidth)
    for _ in 0..<rounds {
      let vectors = (0..<rng.int(in: minLength...maxLength)).map { _ in rng.bits(vectorWidth) }
      builder.appendCopy(of: vectors, delimiterChannel: delimiterChannel)
    }
    return builder.episode
  }
}
