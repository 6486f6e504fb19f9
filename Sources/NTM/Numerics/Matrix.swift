/// A dense row-major matrix; the memory `M` is one, with a row per location.
public struct Matrix<Scalar: NTMScalar>: Sendable, Equatable {
  /// The number of rows (memory locations, N).
  public let rows: Int
  /// The number of columns (values per location, M).
  public let columns: Int
  /// All values, row after row.
  public var values: [Scalar]

  /// A matrix with every value the same.
  public init(rows: Int, columns: Int, repeating value: Scalar = 0) {
    self.rows = rows
    self.columns = columns
    values = [Scalar](repeating: value, count: rows * columns)
  }

  /// A matrix of the given values, row after row; there must be rows × columns of them.
  public init(rows: Int, columns: Int, values: [Scalar]) {
    precondition(values.count == rows * columns, "matrix values do not match \(rows) × \(columns)")
    self.rows = rows
    self.columns = columns
    self.values = values
  }

  /// The value at a row (location) and column.
  public subscript(row: Int, column: Int) -> Scalar {
    get { values[row * columns + column] }
    set { values[row * columns + column] = newValue }
  }

  /// One row, copied out: a memory location's M values.
  public func row(_ i: Int) -> [Scalar] { Array(values[(i * columns)..<((i + 1) * columns)]) }

  /// The rows as nested arrays (for JSON and display).
  public var nestedRows: [[Scalar]] { (0..<rows).map(row) }

  /// Each value [i, j] multiplied by `factor(i, j)` (a mask per column, a retention per row).
  func scaled(by factor: (_ row: Int, _ column: Int) -> Scalar) -> Matrix {
    var result = Matrix(rows: 0, columns: 0)
    scaled(by: factor, into: &result)
    return result
  }

  /// `scaled(by:)` into `result`, its buffer kept when it can be.
  func scaled(by factor: (_ row: Int, _ column: Int) -> Scalar, into result: inout Matrix) {
    if result.rows != rows || result.columns != columns { result = Matrix(rows: rows, columns: columns) }
    result.values.overwrite(copying: values)
    result.values.withUnsafeMutableBufferPointer { scaled in
      for i in 0..<rows {
        for j in 0..<columns { scaled[i * columns + j] *= factor(i, j) }
      }
    }
  }
}
