/// Costs of a machine on sets of episodes: validation during training and `ntm eval`.
public enum Evaluation {
  /// The mean cost per sequence over the episodes, computed in parallel.
  public static func meanCost(_ machine: MachineParameters<Float>, episodes: [Episode], threads: Int)
    -> SequenceCost
  {
    guard !episodes.isEmpty else { return SequenceCost() }
    let total = parallelMap(episodes.count, threads: threads) { i in
      SequenceCost(
        records: machine.run(inputs: episodes[i].inputs), targets: episodes[i].targets,
        scored: episodes[i].scored)
    }.reduce(SequenceCost(), +)
    let n = Double(episodes.count)
    return SequenceCost(bits: total.bits / n, bitErrors: total.bitErrors / n)
  }
}

/// One row of `ntm eval`'s generalisation table.
public struct EvaluationRow: Sendable, Codable {
  /// The task's size knob (`length`, `items`, …) and its value.
  public var sizeName: String
  /// The value of the size knob for this row.
  public var size: Int
  /// Repeat copy with a fixed repeat count only; otherwise the counts were drawn from training.
  public var repeats: Int?
  /// Fresh sequences evaluated for this row.
  public var sequences: Int
  /// Mean wrong output bits per sequence.
  public var meanBitErrors: Double
  /// Mean cross-entropy per sequence, in bits.
  public var meanBits: Double
  /// Dynamic n-grams only: the Bayes-optimal estimator's cost in bits per sequence.
  public var optimalBits: Double?
  /// Balanced parentheses only: the bit errors per sequence of always answering 0 ("not
  /// balanced"), the baseline a model must beat to have learned anything (most prefixes of long
  /// sequences are unbalanced, so this baseline gets better with length).
  public var alwaysZeroBitErrors: Double?
}

extension Evaluation {
  /// The paper's generalisation figure as a table: for each size, fresh seeded sequences of
  /// that size and the machine's mean cost on them. Sequences are drawn from streams of
  /// `seed`, so a table is reproducible.
  ///
  /// `repeats` (repeat copy only) fixes the repeat count instead of drawing it from the
  /// training range, giving one row per size and count: the paper's test of more repeats than
  /// were trained on. Counts keep the training encoding (n / maxRepeats), so a count beyond
  /// the training range reaches the machine as a value it has never seen, as in the paper.
  ///
  /// Every size, count and the number of sequences are checked, and so is the memory each row
  /// needs (`Footprint.checkEvaluation`), before any row is computed.
  public static func table(
    _ machine: MachineParameters<Float>, task: any TaskGenerator, sizes: [Int], repeats: [Int]? = nil,
    sequences: Int, seed: UInt64, threads: Int
  ) throws -> [EvaluationRow] {
    if repeats != nil && !(task is RepeatCopyTask) { throw TaskError.noRepeatCount(task: task.name) }
    let counts: [Int?] = repeats ?? [nil]
    try Limits.check(sequences, in: Limits.evaluationSequences, "sequences")
    for size in sizes {
      for fixed in counts {
        let steps: Int
        if let fixed, let repeatCopy = task as? RepeatCopyTask {
          try RepeatCopyTask.checkFits(length: size, repeats: fixed, task: task.name, sizeName: task.sizeName)
          steps = repeatCopy.maximumSteps(length: size, repeats: fixed)
        } else {
          guard task.validSizes.contains(size) else {
            throw TaskError.sizeOutOfRange(
              task: task.name, sizeName: task.sizeName, size: size, valid: task.validSizes)
          }
          steps = task.maximumSteps(size: size)
        }
        try Footprint.checkEvaluation(
          machine.machineConfiguration, steps: steps, sequences: sequences, threads: threads,
          field: task.sizeName, value: String(size))
      }
    }
    return try sizes.flatMap { size in
      try counts.map { fixed in
        let episodes = try self.episodes(task, size: size, repeats: fixed, count: sequences, seed: seed)
        let cost = meanCost(machine, episodes: episodes, threads: threads)
        var optimal: Double?
        if let ngrams = task as? DynamicNGramsTask {
          optimal = episodes.map(ngrams.optimalCostInBits).reduce(0, +) / Double(sequences)
        }
        var alwaysZero: Double?
        if task is BalancedParenthesesTask {
          alwaysZero = Double(episodes.map(\.scoredOnes).reduce(0, +)) / Double(sequences)
        }
        return EvaluationRow(
          sizeName: task.sizeName, size: size, repeats: fixed, sequences: sequences,
          meanBitErrors: cost.bitErrors, meanBits: cost.bits, optimalBits: optimal,
          alwaysZeroBitErrors: alwaysZero)
      }
    }
  }

  /// The sequences of one row of `table`: `count` fresh episodes of `size` (and, for repeat copy,
  /// a fixed repeat count), drawn from streams of `seed`, so that a figure can draw the very
  /// sequences a table measured. Rows without fixed repeats keep the streams they always had.
  public static func episodes(
    _ task: any TaskGenerator, size: Int, repeats: Int? = nil, count: Int, seed: UInt64
  ) throws -> [Episode] {
    try (0..<count).map { i in
      var rng = SeededGenerator(
        seed: seed ^ UInt64(size) << 32 ^ UInt64(repeats ?? 0) << 48, stream: UInt64(i))
      guard let repeats else { return try task.checkedEpisode(size: size, using: &rng) }
      guard let repeatCopy = task as? RepeatCopyTask else { throw TaskError.noRepeatCount(task: task.name) }
      return try repeatCopy.checkedEpisode(length: size, repeats: repeats, using: &rng)
    }
  }
}

extension Episode {
  /// The number of target bits that are 1 on scored steps: the errors of an answer of all zeros.
  var scoredOnes: Int {
    zip(targets, scored).reduce(0) { total, step in
      step.1 ? total + step.0.lazy.filter { $0 >= 0.5 }.count : total
    }
  }
}
