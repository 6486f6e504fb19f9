/// Repeat copy (section 4.2 of the paper): copy a sequence a given number of times, then say so.
///
/// The machine is shown L random binary vectors, then one control step carrying the number of
/// repeats n; it must emit the L vectors n times in a row and then raise an end marker. On top of
/// copy, this needs a loop counter (n, held in the controller or in memory) and a jump back to the
/// start of the stored sequence after each pass, and the end marker shows whether the machine
/// knows when it is done.
///
/// Encoding (`vectorWidth` w = 8 by default):
/// - input width w + 2: the bits, a delimiter channel (index w), a repeat-count channel (w + 1);
/// - output width w + 1: the bits, then an end-marker channel (index w);
/// - steps: L input steps (phase `.input`, unscored); 1 control step (phase `.delimiter`,
///   unscored) whose delimiter channel is 1 and whose repeat channel holds n / `maxRepeats`
///   (n / 10 by default, so the training counts map into (0, 1]; a count beyond the training
///   range maps above 1); then L·n output steps (zero input, scored, target the vectors in order,
///   n times, end marker 0) and 1 final output step (zero input, scored, target only the end
///   marker = 1). L + 1 + L·n + 1 steps in all.
///
/// Size knob: "length" L, trained on 1…10 with n drawn from 1…10. `episode(length:repeats:using:)`
/// fixes both, e.g. for the paper's tests of longer sequences (L 20) and more repeats (n 20).
public struct RepeatCopyTask: TaskGenerator, Equatable {
  /// The task's name on the command line and in checkpoints.
  public static let taskName = TaskName.repeatCopy.rawValue
  static let parameterNames = ["vectorWidth", "minLength", "maxLength", "minRepeats", "maxRepeats"]

  /// Bits per vector.
  public let vectorWidth: Int
  /// Shortest training sequence.
  public let minLength: Int
  /// Longest training sequence.
  public let maxLength: Int
  /// Fewest training repeats.
  public let minRepeats: Int
  /// Most training repeats; also the divisor that normalises the repeat channel.
  public let maxRepeats: Int

  /// The paper's task by default: 8-bit vectors, lengths 1–10, 1–10 repeats. Throws `TaskError`
  /// for impossible sizes.
  public init(
    vectorWidth: Int = 8, minLength: Int = 1, maxLength: Int = 10, minRepeats: Int = 1, maxRepeats: Int = 10
  ) throws {
    try TaskValidation.require(vectorWidth, "vectorWidth", in: 1...4096, task: Self.taskName)
    // Repeats first: they bound the lengths whose episodes fit in `Limits.steps`.
    try TaskValidation.requireRange(
      minRepeats, "minRepeats", maxRepeats, "maxRepeats", in: 1...(Limits.steps.upperBound - 3),
      task: Self.taskName)
    try TaskValidation.requireRange(
      minLength, "minLength", maxLength, "maxLength", in: Self.lengths(repeats: maxRepeats),
      task: Self.taskName)
    self.vectorWidth = vectorWidth
    self.minLength = minLength
    self.maxLength = maxLength
    self.minRepeats = minRepeats
    self.maxRepeats = maxRepeats
  }

  /// Parameters from strings; missing ones take the defaults.
  public init(parameters: [String: String]) throws {
    let reader = try TaskParameterReader(task: Self.taskName, given: parameters, known: Self.parameterNames)
    try self.init(
      vectorWidth: reader.int("vectorWidth", default: 8),
      minLength: reader.int("minLength", default: 1),
      maxLength: reader.int("maxLength", default: 10),
      minRepeats: reader.int("minRepeats", default: 1),
      maxRepeats: reader.int("maxRepeats", default: 10))
  }

  public var name: String { Self.taskName }
  public var inputWidth: Int { vectorWidth + 2 }
  public var outputWidth: Int { vectorWidth + 1 }
  /// The input channel set to 1 on the control step that ends the sequence.
  public var delimiterChannel: Int { vectorWidth }
  /// The input channel that carries n / `maxRepeats` on the control step.
  public var repeatChannel: Int { vectorWidth + 1 }
  /// The output channel that must be 1 on the last step, and only there.
  public var endMarkerChannel: Int { vectorWidth }
  public var sizeName: String { "length" }
  public var trainingSizes: ClosedRange<Int> { minLength...maxLength }
  /// The repeat counts drawn when only the length is fixed.
  public var trainingRepeats: ClosedRange<Int> { minRepeats...maxRepeats }
  public var validSizes: ClosedRange<Int> { Self.lengths(repeats: maxRepeats) }
  /// The lengths whose episodes with `repeats` copies (L·(n + 1) + 2 steps) fit in `Limits.steps`.
  static func lengths(repeats: Int) -> ClosedRange<Int> {
    1...max(1, (Limits.steps.upperBound - 2) / (repeats + 1))
  }
  public func maximumSteps(size length: Int) -> Int { maximumSteps(length: length, repeats: maxRepeats) }
  /// L·(n + 1) + 2: the vectors, the control step, n copies and the end marker.
  public func maximumSteps(length: Int, repeats: Int) -> Int { length * (repeats + 1) + 2 }
  public var evaluationSizes: [Int] { [10, 20, 30] }
  public var parameters: [String: String] {
    [
      "vectorWidth": String(vectorWidth), "minLength": String(minLength), "maxLength": String(maxLength),
      "minRepeats": String(minRepeats), "maxRepeats": String(maxRepeats),
    ]
  }

  /// The value the repeat channel carries for `repeats` copies.
  public func encodedRepeats(_ repeats: Int) -> Float { Float(repeats) / Float(maxRepeats) }

  public func episode(size length: Int, using rng: inout SeededGenerator) -> Episode {
    let repeats = rng.int(in: trainingRepeats)
    return episode(length: length, repeats: repeats, using: &rng)
  }

  /// `episode(length:repeats:using:)`, with an error instead of a trap for a count below 1 or a
  /// length and count whose episode would not fit in `Limits.steps`.
  public func checkedEpisode(length: Int, repeats: Int, using rng: inout SeededGenerator) throws -> Episode {
    try Self.checkFits(length: length, repeats: repeats, task: name, sizeName: sizeName)
    return episode(length: length, repeats: repeats, using: &rng)
  }

  /// Throws unless an episode of `length` vectors copied `repeats` times fits in `Limits.steps`.
  static func checkFits(length: Int, repeats: Int, task: String, sizeName: String) throws {
    let repeatRange = 1...(Limits.steps.upperBound - 3)
    guard repeatRange.contains(repeats) else {
      throw TaskError.sizeOutOfRange(task: task, sizeName: "repeats", size: repeats, valid: repeatRange)
    }
    let lengths = lengths(repeats: repeats)
    guard lengths.contains(length) else {
      throw TaskError.sizeOutOfRange(task: task, sizeName: sizeName, size: length, valid: lengths)
    }
  }

  /// A sequence of `length` vectors to be copied `repeats` times.
  /// - Precondition: `length >= 1`, `repeats >= 1`.
  public func episode(length: Int, repeats: Int, using rng: inout SeededGenerator) -> Episode {
    precondition(
      (try? Self.checkFits(length: length, repeats: repeats, task: name, sizeName: sizeName)) != nil,
      "repeat-copy: \(length) vectors copied \(repeats) times do not fit in \(Limits.steps) steps")
    let vectors = (0..<length).map { _ in rng.bits(vectorWidth) }
    var builder = EpisodeBuilder(inputWidth: inputWidth, outputWidth: outputWidth)
    for vector in vectors {
      builder.append(input: builder.input(bits: vector), phase: .input)
    }
    let control = builder.input(channels: [delimiterChannel: 1, repeatChannel: encodedRepeats(repeats)])
    builder.append(input: control, phase: .delimiter)
    for _ in 0..<repeats {
      for vector in vectors {
        builder.append(input: builder.input(), target: builder.target(bits: vector), phase: .output)
      }
    }
    builder.append(
      input: builder.input(), target: builder.target(channels: [endMarkerChannel: 1]), phase: .output)
    return builder.episode
  }
}
