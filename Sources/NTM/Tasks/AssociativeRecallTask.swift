/// Associative recall (section 4.3 of the paper): given one item of a list, answer the next one.
///
/// The machine is shown a list of items, each a short sequence of random binary vectors, then one
/// of them again as a query; it must answer with the item that followed the query in the list.
/// Copy needs only moving along memory; this needs a content lookup (find where the query was
/// stored) followed by a shift (step to the next item), the two addressing modes combined.
///
/// Encoding (`vectorWidth` w = 6 and `itemLength` k = 3 vectors per item by default):
/// - input width w + 2: the bits, an item-delimiter channel (index w), a query-delimiter channel
///   (index w + 1);
/// - output width w;
/// - steps: for each of the I items, an item-delimiter step (phase `.delimiter`) then its k
///   vectors (phase `.input`); then a query-delimiter step, the k vectors of the query item, and
///   a second query-delimiter step; then k output steps (zero input, phase `.output`, scored) whose
///   targets are the k vectors of the item after the query. Only those k steps are scored;
///   I·(k + 1) + 2k + 2 steps in all.
/// - the query item is drawn uniformly from all items but the last (which has no successor);
/// - the items of an episode are all different (redrawn on a repeat), so the answer is never
///   ambiguous; this is skipped only when there are fewer possible items than items requested.
///
/// Size knob: "items" I, trained on 2…6; the paper tests up to 12 and beyond.
public struct AssociativeRecallTask: TaskGenerator, Equatable {
  /// The task's name on the command line and in checkpoints.
  public static let taskName = TaskName.associativeRecall.rawValue
  static let parameterNames = ["vectorWidth", "itemLength", "minItems", "maxItems"]

  /// Bits per vector.
  public let vectorWidth: Int
  /// Vectors per item.
  public let itemLength: Int
  /// Fewest items in a training list (at least 2: the query needs a successor).
  public let minItems: Int
  /// Most items in a training list.
  public let maxItems: Int

  /// The paper's task by default: items of three 6-bit vectors, 2–6 items per training list. Throws
  /// ``TaskError`` for impossible sizes.
  public init(vectorWidth: Int = 6, itemLength: Int = 3, minItems: Int = 2, maxItems: Int = 6) throws {
    try TaskValidation.require(vectorWidth, "vectorWidth", in: 1...4096, task: Self.taskName)
    try TaskValidation.require(itemLength, "itemLength", in: 1...4096, task: Self.taskName)
    try TaskValidation.requireRange(
      minItems, "minItems", maxItems, "maxItems", in: Self.itemCounts(itemLength: itemLength),
      task: Self.taskName)
    self.vectorWidth = vectorWidth
    self.itemLength = itemLength
    self.minItems = minItems
    self.maxItems = maxItems
  }

  /// Parameters from strings; missing ones take the defaults.
  public init(parameters: [String: String]) throws {
    let reader = try TaskParameterReader(task: Self.taskName, given: parameters, known: Self.parameterNames)
    try self.init(
      vectorWidth: reader.int("vectorWidth", default: 6),
      itemLength: reader.int("itemLength", default: 3),
      minItems: reader.int("minItems", default: 2),
      maxItems: reader.int("maxItems", default: 6))
  }

  public var name: String { Self.taskName }
  public var inputWidth: Int { vectorWidth + 2 }
  public var outputWidth: Int { vectorWidth }
  /// The input channel set to 1 on the step before each item.
  public var itemDelimiterChannel: Int { vectorWidth }
  /// The input channel set to 1 on the steps before and after the query.
  public var queryDelimiterChannel: Int { vectorWidth + 1 }
  public var sizeName: String { "items" }
  public var trainingSizes: ClosedRange<Int> { minItems...maxItems }
  public var validSizes: ClosedRange<Int> { Self.itemCounts(itemLength: itemLength) }
  /// Item counts whose episodes fit in `Limits.steps` (itemLength ≤ 4096 leaves room for 24).
  static func itemCounts(itemLength: Int) -> ClosedRange<Int> {
    2...(Limits.steps.upperBound - 2 - 2 * itemLength) / (itemLength + 1)
  }
  /// k·(ℓ + 1) + 2ℓ + 2: each item with its delimiter, the query between two delimiters, the answer.
  public func maximumSteps(size items: Int) -> Int { items * (itemLength + 1) + 2 * itemLength + 2 }
  public var evaluationSizes: [Int] { [2, 4, 6, 8, 10, 12, 15] }
  public var parameters: [String: String] {
    [
      "vectorWidth": String(vectorWidth), "itemLength": String(itemLength),
      "minItems": String(minItems), "maxItems": String(maxItems),
    ]
  }

  public func episode(size itemCount: Int, using rng: inout SeededGenerator) -> Episode {
    precondition(
      validSizes.contains(itemCount), "associative-recall: items must be in \(validSizes), not \(itemCount)")
    let items = drawItems(itemCount, using: &rng)
    let query = rng.int(in: 0...(itemCount - 2))

    var builder = EpisodeBuilder(inputWidth: inputWidth, outputWidth: outputWidth)
    for item in items {
      builder.append(input: builder.input(channels: [itemDelimiterChannel: 1]), phase: .delimiter)
      for vector in item { builder.append(input: builder.input(bits: vector), phase: .input) }
    }
    builder.append(input: builder.input(channels: [queryDelimiterChannel: 1]), phase: .delimiter)
    for vector in items[query] { builder.append(input: builder.input(bits: vector), phase: .input) }
    builder.append(input: builder.input(channels: [queryDelimiterChannel: 1]), phase: .delimiter)
    for vector in items[query + 1] {
      builder.append(input: builder.input(), target: vector, phase: .output)
    }
    return builder.episode
  }

  /// `count` items of `itemLength` random vectors, all different when that is possible.
  private func drawItems(_ count: Int, using rng: inout SeededGenerator) -> [[[Float]]] {
    let bitsPerItem = vectorWidth * itemLength
    let distinctPossible = bitsPerItem >= 62 || (1 << bitsPerItem) >= count
    var items: [[[Float]]] = []
    var seen: Set<[[Float]]> = []
    while items.count < count {
      let item = (0..<itemLength).map { _ in rng.bits(vectorWidth) }
      if distinctPossible && !seen.insert(item).inserted { continue }
      items.append(item)
    }
    return items
  }
}
