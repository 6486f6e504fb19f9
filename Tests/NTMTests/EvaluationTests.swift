import Testing

@testable import NTM

/// `ntm eval`'s table, in particular repeat copy's fixed repeat counts (the paper's test of more
/// repeats than were trained on).
@Suite struct EvaluationTests {
  static let task = try! RepeatCopyTask(vectorWidth: 3, maxLength: 4, maxRepeats: 4)
  static let parameters: Parameters<Float> = {
    var c = Configuration(inputWidth: task.inputWidth, outputWidth: task.outputWidth)
    c.memoryLocations = 8
    c.memoryWidth = 4
    c.controller = .lstm(layers: 1, size: 6)
    return Parameters<Float>(configuration: c, seed: 5)
  }()

  @Test func fixedRepeatsGiveOneRowPerSizeAndCount() throws {
    let rows = try Evaluation.table(
      .ntm(Self.parameters), task: Self.task, sizes: [2, 3], repeats: [1, 6], sequences: 3, seed: 1,
      threads: 1)
    #expect(rows.map(\.size) == [2, 2, 3, 3])
    #expect(rows.map(\.repeats) == [1, 6, 1, 6])
    // An untrained machine is charged about a bit per scored output bit, and 6 repeats score
    // six times as many steps as 1, so the costs must differ by far more than noise.
    #expect(rows[1].meanBits > 3 * rows[0].meanBits)
    #expect(rows[3].meanBits > 3 * rows[2].meanBits)
    // The same seed gives the same table.
    let again = try Evaluation.table(
      .ntm(Self.parameters), task: Self.task, sizes: [2, 3], repeats: [1, 6], sequences: 3, seed: 1,
      threads: 2)
    #expect(again.map(\.meanBits) == rows.map(\.meanBits))
  }

  @Test func drawnRepeatsLeaveTheCountOut() throws {
    let rows = try Evaluation.table(
      .ntm(Self.parameters), task: Self.task, sizes: [2], sequences: 3, seed: 1, threads: 1)
    #expect(rows.count == 1)
    #expect(rows[0].repeats == nil)
  }

  @Test func repeatCountsAreCheckedAndOnlyForRepeatCopy() throws {
    #expect(
      throws: TaskError.sizeOutOfRange(task: "repeat-copy", sizeName: "repeats", size: 0, valid: 1...99_997)
    ) {
      try Evaluation.table(
        .ntm(Self.parameters), task: Self.task, sizes: [2], repeats: [0], sequences: 1, seed: 1, threads: 1)
    }
    #expect(
      throws: TaskError.sizeOutOfRange(task: "repeat-copy", sizeName: "length", size: 0, valid: 1...33_332)
    ) {
      try Evaluation.table(
        .ntm(Self.parameters), task: Self.task, sizes: [0], repeats: [2], sequences: 1, seed: 1, threads: 1)
    }
    #expect(throws: TaskError.noRepeatCount(task: "copy")) {
      try Evaluation.table(
        .ntm(Self.parameters), task: try CopyTask(), sizes: [2], repeats: [2], sequences: 1, seed: 1,
        threads: 1)
    }
  }

  @Test func checkedRepeatCopyEpisodeHasTheLengthAndEncodedCount() throws {
    var rng = SeededGenerator(seed: 3)
    let episode = try Self.task.checkedEpisode(length: 3, repeats: 7, using: &rng)
    #expect(episode.length == 3 + 1 + 3 * 7 + 1)
    // Beyond maxRepeats the count keeps the training scale, so it reaches the machine above 1.
    #expect(episode.inputs[3][Self.task.repeatChannel] == 1.75)  // 7 / 4
  }
}

/// Balanced parentheses' baseline column: the bit errors of always answering 0, which a model
/// must beat, counted here from the brackets themselves.
@Suite struct AlwaysZeroBaselineTests {
  /// The number of prefixes of the brackets that are balanced: never below depth 0, at 0 now.
  static func balancedPrefixes(_ episode: Episode) -> Int {
    var depth = 0
    var balanced = 0
    for input in episode.inputs {
      depth += input[0] == 1 ? 1 : -1
      if depth < 0 { break }
      if depth == 0 { balanced += 1 }
    }
    return balanced
  }

  @Test func theBaselineCountsTheBalancedPrefixes() throws {
    let task = try BalancedParenthesesTask()
    var rng = SeededGenerator(seed: 11)
    let episodes = (0..<200).map { _ in task.episode(size: 12, using: &rng) }
    for episode in episodes {
      #expect(episode.scoredOnes == Self.balancedPrefixes(episode))
    }
    // Half the sequences are balanced words, so some prefixes must be balanced.
    #expect(episodes.map(\.scoredOnes).reduce(0, +) > 100)
  }

  @Test func onlyBalancedParenthesesReportsIt() throws {
    let task = try BalancedParenthesesTask()
    var c = Configuration(inputWidth: task.inputWidth, outputWidth: task.outputWidth)
    c.memoryLocations = 8
    c.memoryWidth = 4
    c.controller = .lstm(layers: 1, size: 6)
    let rows = try Evaluation.table(
      .ntm(Parameters(configuration: c, seed: 1)), task: task, sizes: [6], sequences: 20, seed: 1, threads: 1)
    let baseline = try #require(rows[0].alwaysZeroBitErrors)
    #expect(baseline > 0 && baseline <= 6)
    let copy = try Evaluation.table(
      .ntm(EvaluationTests.parameters), task: EvaluationTests.task, sizes: [2], sequences: 2, seed: 1,
      threads: 1)
    #expect(copy[0].alwaysZeroBitErrors == nil)
  }
}
