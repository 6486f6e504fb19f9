/// The whole screen as data: a `width`×`height` buffer of cells, row-major.
///
/// Rendering is a pure function from state to a `CellGrid`; the backend then diffs grids onto the
/// terminal. Tests render into a small grid and compare `lines()` with expected text, and read
/// individual cells for colours:
///
/// ```swift
/// var grid = CellGrid(width: 10, height: 2)
/// grid.write("hello, world", x: 0, y: 0)          // clipped at the right edge
/// #expect(grid.lines() == ["hello, wor", "          "])
/// ```
///
/// Every write is clipped to the grid (and to an optional rectangle): out-of-range coordinates are
/// ignored, never a trap, so widgets can be handed any rectangle.
public struct CellGrid: Hashable, Sendable {
  public let width: Int
  public let height: Int
  /// All cells, row by row: the cell at (x, y) is `cells[y * width + x]`.
  public private(set) var cells: [Cell]

  public init(width: Int, height: Int, fill: Cell = .blank) {
    self.width = max(0, width)
    self.height = max(0, height)
    cells = Array(repeating: fill, count: self.width * self.height)
  }

  public init(size: Size, fill: Cell = .blank) {
    self.init(width: size.width, height: size.height, fill: fill)
  }

  public var size: Size { Size(width: width, height: height) }
  /// The rectangle covering the whole grid.
  public var bounds: Rect { Rect(x: 0, y: 0, width: width, height: height) }

  /// The cell at (x, y); reading outside the grid gives `.blank`, writing there is ignored.
  public subscript(x: Int, y: Int) -> Cell {
    get {
      guard x >= 0, x < width, y >= 0, y < height else { return .blank }
      return cells[y * width + x]
    }
    set {
      guard x >= 0, x < width, y >= 0, y < height else { return }
      cells[y * width + x] = newValue
    }
  }

  /// Fills `rect` (clipped to the grid) with `cell`.
  public mutating func fill(_ rect: Rect, with cell: Cell = .blank) {
    let r = rect.intersection(bounds)
    guard !r.isEmpty else { return }
    for y in r.y..<r.maxY {
      for x in r.x..<r.maxX {
        cells[y * width + x] = cell
      }
    }
  }

  /// Changes the style of every cell in `rect` and keeps the characters: used for selections
  /// and cursors drawn over content that is already there.
  public mutating func applyStyle(_ rect: Rect, _ transform: (inout Cell) -> Void) {
    let r = rect.intersection(bounds)
    guard !r.isEmpty else { return }
    for y in r.y..<r.maxY {
      for x in r.x..<r.maxX {
        transform(&cells[y * width + x])
      }
    }
  }

  /// Writes `text` from (x, y) to the right, one grapheme per cell, clipped to the grid and to
  /// `clip` when given. Control characters (including tab and newline) become spaces so that no
  /// write can move the terminal's cursor. Returns the column after the last character written
  /// (as if unclipped), so that spans can be written one after another.
  @discardableResult
  public mutating func write(
    _ text: some StringProtocol, x: Int, y: Int, style: CellStyle = .plain, clip: Rect? = nil
  ) -> Int {
    let area = clip.map { $0.intersection(bounds) } ?? bounds
    var column = x
    guard y >= area.y, y < area.maxY else { return x + text.count }
    for character in text {
      if column >= area.maxX { return x + text.count }
      if column >= area.x {
        cells[y * width + column] = Cell(CellGrid.printable(character), style: style)
      }
      column += 1
    }
    return column
  }

  /// Copies `other` into this grid with its top-left corner at (x, y), clipped.
  public mutating func draw(_ other: CellGrid, x: Int, y: Int) {
    for row in 0..<other.height {
      for column in 0..<other.width {
        self[x + column, y + row] = other.cells[row * other.width + column]
      }
    }
  }

  /// The characters of each row (every row exactly `width` characters, trailing spaces kept).
  public func lines() -> [String] {
    (0..<height).map { y in
      String(cells[(y * width)..<((y + 1) * width)].map(\.character))
    }
  }

  /// The rows joined by newlines, each with trailing spaces removed: convenient for snapshots.
  public var text: String {
    lines().map { line in
      var trimmed = Substring(line)
      while trimmed.last == " " { trimmed.removeLast() }
      return String(trimmed)
    }.joined(separator: "\n")
  }

  /// A character safe to put in a cell: control characters would move the terminal's cursor.
  static func printable(_ character: Character) -> Character {
    for scalar in character.unicodeScalars {
      let v = scalar.value
      if v < 0x20 || (v >= 0x7F && v < 0xA0) { return " " }
    }
    return character
  }
}
