/// Copy (section 4.1 of the paper): store a sequence, then reproduce it from memory.
///
/// The machine is shown L random binary vectors, one per step, then a single delimiter step; it
/// must then emit the same L vectors in the same order while its input is all zeros. Because the
/// answer comes after the whole sequence has gone by, the controller cannot pass it through: it
/// has to write the vectors to memory and read them back, which is what makes the learned
/// algorithm (write one location per step, then revisit them in order) visible.
///
/// Encoding (`vectorWidth` w = 8 by default):
/// - input width w + 1: the bits, then a delimiter channel;
/// - output width w;
/// - steps: L input steps (phase `.input`, unscored), 1 delimiter step (delimiter channel 1,
///   phase `.delimiter`, unscored), L output steps (zero input, phase `.output`, scored, target
///   the i-th vector). 2L + 1 steps in all.
///
/// Size knob: "length" L, trained on 1…20; the paper tests generalisation up to 120.
public struct CopyTask: TaskGenerator, Equatable {
  /// The task's name on the command line and in checkpoints.
  public static let taskName = TaskName.copy.rawValue
  static let parameterNames = ["vectorWidth", "minLength", "maxLength"]

  /// Bits per vector.
  public let vectorWidth: Int
  /// Shortest training sequence.
  public let minLength: Int
  /// Longest training sequence.
  public let maxLength: Int

  /// The paper's task by default: 8-bit vectors, training lengths 1–20. Throws ``TaskError`` for
  /// impossible sizes.
  public init(vectorWidth: Int = 8, minLength: Int = 1, maxLength: Int = 20) throws {
    try TaskValidation.require(vectorWidth, "vectorWidth", in: 1...4096, task: Self.taskName)
    try TaskValidation.requireRange(
      minLength, "minLength", maxLength, "maxLength", in: Self.lengths, task: Self.taskName)
    self.vectorWidth = vectorWidth
    self.minLength = minLength
    self.maxLength = maxLength
  }

  /// Parameters from strings; missing ones take the defaults.
  public init(parameters: [String: String]) throws {
    let reader = try TaskParameterReader(task: Self.taskName, given: parameters, known: Self.parameterNames)
    try self.init(
      vectorWidth: reader.int("vectorWidth", default: 8),
      minLength: reader.int("minLength", default: 1),
      maxLength: reader.int("maxLength", default: 20))
  }

  public var name: String { Self.taskName }
  public var inputWidth: Int { vectorWidth + 1 }
  public var outputWidth: Int { vectorWidth }
  /// The input channel that marks the end of the sequence.
  public var delimiterChannel: Int { vectorWidth }
  public var sizeName: String { "length" }
  public var trainingSizes: ClosedRange<Int> { minLength...maxLength }
  /// Lengths whose episodes (2L + 1 steps) fit in `Limits.steps`.
  static let lengths = 1...(Limits.steps.upperBound - 1) / 2
  public var validSizes: ClosedRange<Int> { Self.lengths }
  public func maximumSteps(size length: Int) -> Int { 2 * length + 1 }
  public var evaluationSizes: [Int] { [10, 20, 30, 50, 80, 120] }
  public var parameters: [String: String] {
    ["vectorWidth": String(vectorWidth), "minLength": String(minLength), "maxLength": String(maxLength)]
  }

  public func episode(size length: Int, using rng: inout SeededGenerator) -> Episode {
    precondition(validSizes.contains(length), "copy: length must be in \(validSizes), not \(length)")
    let vectors = (0..<length).map { _ in rng.bits(vectorWidth) }
    var builder = EpisodeBuilder(inputWidth: inputWidth, outputWidth: outputWidth)
    builder.appendCopy(of: vectors, delimiterChannel: delimiterChannel)
    return builder.episode
  }
}
