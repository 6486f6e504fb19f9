/// Priority sort (section 4.5 of the paper): output the highest-priority vectors, highest first.
///
/// The machine is shown random binary vectors, each with a scalar priority; after a delimiter it
/// must emit the 16 of the 20 vectors with the highest priorities, in descending priority order.
/// The paper's machine solved it by writing each vector to a location chosen from its priority
/// and then reading the locations in order: memory used as a sorting table.
///
/// Encoding (`vectorWidth` w = 8 by default):
/// - input width w + 2: the bits, a priority channel (index w), a delimiter channel (w + 1);
/// - output width w;
/// - steps: N input steps (phase `.input`, unscored) whose priority channel holds a priority drawn
///   uniformly from [−1, 1); 1 delimiter step (phase `.delimiter`, unscored); K output steps (zero
///   input, phase `.output`, scored) whose targets are the K vectors of highest priority, highest
///   first (ties, which have probability ~0, keep input order);
/// - K = `outputs` (16) when N = `maxInputs` (20); for another N, K keeps the same ratio:
///   K = round(N · outputs / maxInputs), halves rounded up, at least 1 (e.g. N 10 → K 8).
///
/// Size knob: "inputs" N, trained on 20 (the paper's only size).
public struct PrioritySortTask: TaskGenerator, Equatable {
  /// The task's name on the command line and in checkpoints.
  public static let taskName = TaskName.prioritySort.rawValue
  static let parameterNames = ["vectorWidth", "minInputs", "maxInputs", "outputs"]

  /// Bits per vector.
  public let vectorWidth: Int
  /// Fewest input vectors in training.
  public let minInputs: Int
  /// Most input vectors in training; the size at which exactly `outputs` vectors are asked for.
  public let maxInputs: Int
  /// Vectors to output when there are `maxInputs` inputs (at most `maxInputs`).
  public let outputs: Int

  /// The paper's task by default: 20 inputs of 8 bits, the 16 of highest priority to output. Throws
  /// ``TaskError`` for impossible sizes.
  public init(vectorWidth: Int = 8, minInputs: Int = 20, maxInputs: Int = 20, outputs: Int = 16) throws {
    try TaskValidation.require(vectorWidth, "vectorWidth", in: 1...4096, task: Self.taskName)
    try TaskValidation.requireRange(
      minInputs, "minInputs", maxInputs, "maxInputs", in: Self.inputCounts, task: Self.taskName)
    try TaskValidation.require(outputs, "outputs", in: 1...maxInputs, task: Self.taskName)
    self.vectorWidth = vectorWidth
    self.minInputs = minInputs
    self.maxInputs = maxInputs
    self.outputs = outputs
  }

  /// Parameters from strings; missing ones take the defaults.
  public init(parameters: [String: String]) throws {
    let reader = try TaskParameterReader(task: Self.taskName, given: parameters, known: Self.parameterNames)
    try self.init(
      vectorWidth: reader.int("vectorWidth", default: 8),
      minInputs: reader.int("minInputs", default: 20),
      maxInputs: reader.int("maxInputs", default: 20),
      outputs: reader.int("outputs", default: 16))
  }

  public var name: String { Self.taskName }
  public var inputWidth: Int { vectorWidth + 2 }
  public var outputWidth: Int { vectorWidth }
  /// The input channel holding each vector's priority.
  public var priorityChannel: Int { vectorWidth }
  /// The input channel set to 1 on the step that ends the input.
  public var delimiterChannel: Int { vectorWidth + 1 }
  public var sizeName: String { "inputs" }
  public var trainingSizes: ClosedRange<Int> { minInputs...maxInputs }
  /// Input counts whose episodes (at most 2N + 1 steps) fit in `Limits.steps`.
  static let inputCounts = 1...(Limits.steps.upperBound - 1) / 2
  public var validSizes: ClosedRange<Int> { Self.inputCounts }
  /// N inputs, the delimiter and the outputs asked for.
  public func maximumSteps(size inputs: Int) -> Int { inputs + 1 + outputCount(forInputs: inputs) }
  public var evaluationSizes: [Int] { [20] }
  public var parameters: [String: String] {
    [
      "vectorWidth": String(vectorWidth), "minInputs": String(minInputs),
      "maxInputs": String(maxInputs), "outputs": String(outputs),
    ]
  }

  /// How many vectors are asked for after `inputs` inputs: `outputs` at `maxInputs`, the same
  /// ratio otherwise (rounded half up), between 1 and `inputs`.
  public func outputCount(forInputs inputs: Int) -> Int {
    let rounded = (2 * inputs * outputs + maxInputs) / (2 * maxInputs)
    return min(inputs, max(1, rounded))
  }

  public func episode(size inputs: Int, using rng: inout SeededGenerator) -> Episode {
    precondition(validSizes.contains(inputs), "priority-sort: inputs must be in \(validSizes), not \(inputs)")
    var builder = EpisodeBuilder(inputWidth: inputWidth, outputWidth: outputWidth)
    var entries: [(vector: [Float], priority: Float, index: Int)] = []
    for index in 0..<inputs {
      let vector = rng.bits(vectorWidth)
      let priority = Float(2 * rng.uniform() - 1)
      entries.append((vector, priority, index))
      builder.append(input: builder.input(bits: vector, channels: [priorityChannel: priority]), phase: .input)
    }
    builder.append(input: builder.input(channels: [delimiterChannel: 1]), phase: .delimiter)
    let sorted = entries.sorted {
      $0.priority != $1.priority ? $0.priority > $1.priority : $0.index < $1.index
    }
    for entry in sorted.prefix(outputCount(forInputs: inputs)) {
      builder.append(input: builder.input(), target: entry.vector, phase: .output)
    }
    return builder.episode
  }
}
