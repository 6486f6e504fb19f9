/// Balanced parentheses (not in the paper): after each bracket, say whether the brackets so far
/// are balanced.
///
/// The machine reads a sequence of "(" and ")", one per step, and after each one answers 1 if the
/// prefix read so far is balanced, 0 otherwise. A prefix is balanced when every ")" closes an
/// earlier unmatched "(" and no "(" is left open: its running depth (+1 for "(", −1 for ")")
/// never goes below zero and ends at zero. Once a ")" has had nothing to close, no later prefix
/// can be balanced. Solving it for any length needs an unbounded counter (or a stack), which a
/// fixed-size controller lacks and an external memory can provide; it is the simplest task here
/// that is not a regular language.
///
/// Encoding:
/// - input width 2: "(" is [1, 0], ")" is [0, 1]; no delimiter;
/// - output width 1: the prefix bit; every step is scored (phase `.output`), so an episode of
///   length L has L steps and L targets;
/// - half the episodes (a fair coin) are balanced as a whole: a uniformly random balanced
///   sequence (a Dyck word, drawn with the cycle lemma), so its depth walks above zero and
///   returns to it; for an odd L, such a word of length L − 1 followed by one random bracket. The
///   other half are uniformly random brackets (mostly unbalanced early on). Targets are therefore
///   not almost all 0, and positives appear in the middle of sequences, not only at the end.
///
/// Size knob: "length" L, trained on 2…20 (odd and even), evaluated at 10, 20, 30, 40.
public struct BalancedParenthesesTask: TaskGenerator, Equatable {
  /// The task's name on the command line and in checkpoints.
  public static let taskName = TaskName.balancedParentheses.rawValue
  static let parameterNames = ["minLength", "maxLength"]

  /// Shortest training sequence.
  public let minLength: Int
  /// Longest training sequence.
  public let maxLength: Int

  /// Training sequences of 2–20 brackets by default. Throws ``TaskError`` for impossible lengths.
  public init(minLength: Int = 2, maxLength: Int = 20) throws {
    try TaskValidation.requireRange(
      minLength, "minLength", maxLength, "maxLength", in: Limits.steps, task: Self.taskName)
    self.minLength = minLength
    self.maxLength = maxLength
  }

  /// Parameters from strings; missing ones take the defaults.
  public init(parameters: [String: String]) throws {
    let reader = try TaskParameterReader(task: Self.taskName, given: parameters, known: Self.parameterNames)
    try self.init(
      minLength: reader.int("minLength", default: 2), maxLength: reader.int("maxLength", default: 20))
  }

  public var name: String { Self.taskName }
  public var inputWidth: Int { 2 }
  public var outputWidth: Int { 1 }
  public var sizeName: String { "length" }
  public var trainingSizes: ClosedRange<Int> { minLength...maxLength }
  /// One step per bracket, up to `Limits.steps`.
  public var validSizes: ClosedRange<Int> { Limits.steps }
  public func maximumSteps(size length: Int) -> Int { length }
  public var evaluationSizes: [Int] { [10, 20, 30, 40] }
  public var parameters: [String: String] {
    ["minLength": String(minLength), "maxLength": String(maxLength)]
  }

  /// The input vector for an opening (true) or closing (false) bracket.
  public static func encode(open: Bool) -> [Float] { open ? [1, 0] : [0, 1] }

  /// For each prefix of `brackets` (true = "("), whether it is balanced.
  public static func balancedPrefixes(_ brackets: [Bool]) -> [Bool] {
    var depth = 0
    return brackets.map { open in
      if depth >= 0 { depth += open ? 1 : -1 }  // once negative, stays negative
      return depth == 0
    }
  }

  public func episode(size length: Int, using rng: inout SeededGenerator) -> Episode {
    precondition(
      validSizes.contains(length), "balanced-parentheses: length must be in \(validSizes), not \(length)")
    var brackets: [Bool]
    if rng.bernoulli(0.5) {
      brackets = Self.randomDyckWord(pairs: length / 2, using: &rng)
      if length % 2 == 1 { brackets.append(rng.bernoulli(0.5)) }
    } else {
      brackets = (0..<length).map { _ in rng.bernoulli(0.5) }
    }
    var builder = EpisodeBuilder(inputWidth: 2, outputWidth: 1)
    for (open, balanced) in zip(brackets, Self.balancedPrefixes(brackets)) {
      builder.append(input: Self.encode(open: open), target: [balanced ? 1 : 0], phase: .output)
    }
    return builder.episode
  }

  /// A balanced sequence of `pairs` "(" and `pairs` ")", uniform over all such sequences.
  ///
  /// Cycle lemma: shuffle `pairs` +1 steps and `pairs + 1` −1 steps (total −1); exactly one
  /// rotation keeps every proper prefix sum ≥ 0, the one starting just after the first minimum
  /// of the prefix sums. Dropping its final −1 leaves a balanced sequence, and each balanced
  /// sequence arises from exactly 2·pairs + 1 shuffles.
  static func randomDyckWord(pairs: Int, using rng: inout SeededGenerator) -> [Bool] {
    var steps = [Bool](repeating: true, count: pairs) + [Bool](repeating: false, count: pairs + 1)
    rng.shuffle(&steps)
    var sum = 0
    var minimum = 0
    var start = 0
    for (index, open) in steps.enumerated() {
      sum += open ? 1 : -1
      if sum < minimum {
        minimum = sum
        start = index + 1
      }
    }
    let rotated = Array(steps[start...] + steps[..<start])
    return Array(rotated.dropLast())
  }
}
