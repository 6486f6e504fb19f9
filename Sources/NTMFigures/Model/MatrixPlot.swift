/// A matrix drawn as a grid of coloured cells, time running across: the bits of inputs, targets
/// and outputs, the components of add and read vectors, or a head's weighting over memory
/// locations.
///
/// ```swift
/// MatrixPlot(
///   title: "Outputs", values: bits, scale: .unit,
///   rows: IndexAxis(label: "bit", count: 8), columns: IndexAxis(label: "time", count: 20))
/// ```
public struct MatrixPlot: Sendable, Equatable {
  /// How values map onto colours.
  public enum Scale: Sendable, Equatable, Hashable {
    /// 0…1: bits, probabilities, weightings (viridis).
    case unit
    /// −limit…limit with 0 white: add and read vectors (blue → white → red).
    case signed(limit: Float)

    /// The values at the two ends.
    public var bounds: (lower: Float, upper: Float) {
      switch self {
      case .unit: (0, 1)
      case .signed(let limit): (-limit, limit)
      }
    }
  }

  public var title: String
  /// `values[row][column]`; every row has one value per column.
  public var values: [[Float]]
  public var scale: Scale
  /// What the rows are, and the number each stands for.
  public var rows: IndexAxis
  /// What the columns are (time steps), and the number each stands for.
  public var columns: IndexAxis
  /// Cells drawn as wrong (an output bit on the wrong side of ½): `wrong[row][column]`.
  public var wrong: [[Bool]]?
  /// Columns before which a separator is drawn: where a sequence's phase changes, where a
  /// repetition starts.
  public var separators: [Int]

  public init(
    title: String, values: [[Float]], scale: Scale, rows: IndexAxis, columns: IndexAxis,
    wrong: [[Bool]]? = nil, separators: [Int] = []
  ) {
    precondition(values.count == rows.numbers.count, "\(title): \(values.count) rows of values")
    precondition(values.allSatisfy { $0.count == columns.numbers.count }, "\(title): ragged values")
    self.title = title
    self.values = values
    self.scale = scale
    self.rows = rows
    self.columns = columns
    self.wrong = wrong
    self.separators = separators
  }

  public var rowCount: Int { rows.numbers.count }
  public var columnCount: Int { columns.numbers.count }

  /// Whether the cell at (row, column) is marked wrong.
  public func isWrong(row: Int, column: Int) -> Bool {
    guard let wrong, row < wrong.count, column < wrong[row].count else { return false }
    return wrong[row][column]
  }

  /// The number of cells marked wrong.
  public var wrongCount: Int { wrong?.reduce(0) { $0 + $1.filter { $0 }.count } ?? 0 }
}

/// An axis of a matrix: its label and the number each position stands for (time steps 0…T−1,
/// or the memory locations of a span that wraps, 126, 127, 0, 1, …).
public struct IndexAxis: Sendable, Equatable {
  public var label: String
  public var numbers: [Int]

  public init(label: String, numbers: [Int]) {
    self.label = label
    self.numbers = numbers
  }

  /// Positions numbered 0..<count.
  public init(label: String, count: Int, from first: Int = 0) {
    self.init(label: label, numbers: Array(first..<(first + count)))
  }

  /// The positions to label: those whose number is a multiple of the smallest step of 1, 2 or
  /// 5 × 10ᵏ that gives at most `maxTicks` of them, so labels fall on round numbers.
  public func tickPositions(maxTicks: Int) -> [Int] {
    guard !numbers.isEmpty else { return [] }
    let limit = max(1, maxTicks)
    var step = 1
    var k = 0
    while true {
      let positions = numbers.indices.filter { numbers[$0] % step == 0 }
      if positions.count <= limit && !positions.isEmpty { return positions }
      if positions.isEmpty { return [0] }
      k += 1
      step = [1, 2, 5][k % 3] * Int(pow10(k / 3))
    }
  }

  private func pow10(_ n: Int) -> Int { (0..<n).reduce(1) { r, _ in r * 10 } }
}
