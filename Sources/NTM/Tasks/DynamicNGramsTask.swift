import Foundation

/// Dynamic n-grams (section 4.4 of the paper): predict the next bit of a sequence whose
/// statistics are drawn afresh for every episode.
///
/// Each episode first draws a random 6-gram table: for each of the 2⁵ = 32 contexts (the five
/// previous bits), the probability that the next bit is 1, from Beta(1/2, 1/2). It then draws a
/// bit sequence from that table. No table can be learned across episodes, so a good predictor
/// must count, within the episode, how often each context was followed by 0 and by 1: memory used
/// as a set of counters. The Bayes-optimal predictor is known in closed form,
/// P(next = 1) = (N₁ + 1/2) / (N₁ + N₀ + 1), where N₀ and N₁ count the earlier 0s and 1s after the
/// current context; `optimalPredictions(for:)` computes it, so a trained machine can be compared
/// with the best any learner can do.
///
/// Encoding and choices:
/// - input width 1, output width 1; at step t the input is bit t and the target is bit t + 1;
/// - an episode of length L draws L + 1 bits, so all L steps are scored (phase `.output`: every
///   step is an answer) and each has a well-defined optimal prediction;
/// - the context of the first bits is padded with zeros (the bits "before" the sequence count as
///   0), so every bit, the first included, comes from the table and the estimator is optimal at
///   every step with no special case;
/// - P(1) per context is drawn as sin²(πu/2) with u uniform in [0, 1), which is exactly
///   Beta(1/2, 1/2): its CDF is (2/π)·arcsin(√x).
///
/// Size knob: "length" L, 200 by default (the paper's); `order` is n (6: contexts of 5 bits).
public struct DynamicNGramsTask: TaskGenerator, Equatable {
  /// The task's name on the command line and in checkpoints.
  public static let taskName = TaskName.dynamicNGrams.rawValue
  static let parameterNames = ["order", "minLength", "maxLength"]

  /// n of the n-grams: the next bit depends on the `order` − 1 bits before it.
  public let order: Int
  /// Shortest training sequence (number of scored predictions).
  public let minLength: Int
  /// Longest training sequence.
  public let maxLength: Int

  /// `order` is limited to 1…16 so that the table (2^(order−1) entries) stays small.
  public init(order: Int = 6, minLength: Int = 200, maxLength: Int = 200) throws {
    try TaskValidation.require(order, "order", in: 1...16, task: Self.taskName)
    try TaskValidation.requireRange(
      minLength, "minLength", maxLength, "maxLength", in: Limits.steps, task: Self.taskName)
    self.order = order
    self.minLength = minLength
    self.maxLength = maxLength
  }

  /// Parameters from strings; missing ones take the defaults.
  public init(parameters: [String: String]) throws {
    let reader = try TaskParameterReader(task: Self.taskName, given: parameters, known: Self.parameterNames)
    try self.init(
      order: reader.int("order", default: 6),
      minLength: reader.int("minLength", default: 200),
      maxLength: reader.int("maxLength", default: 200))
  }

  public var name: String { Self.taskName }
  public var inputWidth: Int { 1 }
  public var outputWidth: Int { 1 }
  public var sizeName: String { "length" }
  public var trainingSizes: ClosedRange<Int> { minLength...maxLength }
  /// One step per prediction, up to `Limits.steps`.
  public var validSizes: ClosedRange<Int> { Limits.steps }
  public func maximumSteps(size length: Int) -> Int { length }
  public var evaluationSizes: [Int] { [200] }
  public var parameters: [String: String] {
    ["order": String(order), "minLength": String(minLength), "maxLength": String(maxLength)]
  }
  /// The number of contexts, 2^(order − 1): 32 for 6-grams.
  public var contextCount: Int { 1 << (order - 1) }

  /// A fresh table: for each context, P(next bit = 1) ~ Beta(1/2, 1/2).
  public func drawTable(using rng: inout SeededGenerator) -> [Double] {
    (0..<contextCount).map { _ in
      let s = sin(Double.pi * rng.uniform() / 2)
      return s * s
    }
  }

  public func episode(size length: Int, using rng: inout SeededGenerator) -> Episode {
    let table = drawTable(using: &rng)
    return episode(length: length, table: table, using: &rng)
  }

  /// A sequence of `length` predictions drawn from a given table. Entry c is P(1) after the
  /// context whose bits, newest lowest, spell c in binary: after …, 1, 0, 0 (newest) c is 0b100.
  public func episode(length: Int, table: [Double], using rng: inout SeededGenerator) -> Episode {
    precondition(
      validSizes.contains(length), "dynamic-ngrams: length must be in \(validSizes), not \(length)")
    precondition(table.count == contextCount, "table needs \(contextCount) entries")
    var context = 0
    var bits: [Float] = []
    for _ in 0...length {
      let bit = rng.bernoulli(table[context])
      bits.append(bit ? 1 : 0)
      context = nextContext(context, bit: bit)
    }
    var builder = EpisodeBuilder(inputWidth: 1, outputWidth: 1)
    for t in 0..<length {
      builder.append(input: [bits[t]], target: [bits[t + 1]], phase: .output)
    }
    return builder.episode
  }

  /// The Bayes-optimal P(bit t + 1 = 1) after seeing bits 0…t, for each t: aligned with the
  /// targets of an episode whose inputs are `bits`.
  ///
  /// For each context c (the `order` − 1 bits before a bit, zero-padded at the start), N₀(c) and
  /// N₁(c) count the bits seen so far that followed c; the prediction for the next bit is
  /// (N₁ + 1/2) / (N₀ + N₁ + 1), the posterior mean under the Beta(1/2, 1/2) prior.
  public func optimalPredictions(for bits: [Float]) -> [Float] {
    var zeros = [Int](repeating: 0, count: contextCount)
    var ones = [Int](repeating: 0, count: contextCount)
    var context = 0
    var predictions: [Float] = []
    predictions.reserveCapacity(bits.count)
    for value in bits {
      let bit = value >= 0.5
      if bit { ones[context] += 1 } else { zeros[context] += 1 }
      context = nextContext(context, bit: bit)
      let n1 = Double(ones[context])
      let n0 = Double(zeros[context])
      predictions.append(Float((n1 + 0.5) / (n1 + n0 + 1)))
    }
    return predictions
  }

  /// The optimal predictions for an episode of this task, one per step.
  public func optimalPredictions(for episode: Episode) -> [Float] {
    optimalPredictions(for: episode.inputs.map { $0[0] })
  }

  /// The optimal estimator's cost on an episode: binary cross-entropy in bits, summed over the
  /// scored steps (the paper's measure, to print beside the machine's).
  public func optimalCostInBits(for episode: Episode) -> Double {
    optimalCostPerStep(for: episode).reduce(0, +)
  }

  /// The optimal estimator's cost at each step of an episode, in bits (0 where not scored):
  /// high at first, falling as the counts fill up.
  public func optimalCostPerStep(for episode: Episode) -> [Double] {
    let predictions = optimalPredictions(for: episode)
    return (0..<episode.length).map { t in
      guard episode.scored[t] else { return 0 }
      let p = Double(predictions[t])
      return episode.targets[t][0] >= 0.5 ? -log2(p) : -log2(1 - p)
    }
  }

  /// The context after `bit` follows `context`: the last `order` − 1 bits, newest lowest.
  private func nextContext(_ context: Int, bit: Bool) -> Int {
    ((context << 1) | (bit ? 1 : 0)) & (contextCount - 1)
  }
}
