/// One cell that must be (re)written to bring the terminal from one grid to the next.
public struct CellChange: Hashable, Sendable {
  public var x: Int
  public var y: Int
  public var cell: Cell

  public init(x: Int, y: Int, cell: Cell) {
    self.x = x
    self.y = y
    self.cell = cell
  }
}

extension CellGrid {
  /// The cells that differ from `previous`, in row-major order: exactly those whose character,
  /// colours or attributes changed, so a backend writes the minimum.
  ///
  /// With no previous grid, or one of another size (after a resize), every cell is a change:
  /// the terminal's contents are then unknown and must be redrawn in full.
  ///
  /// A pure function, so that the minimality of what reaches the terminal is tested without one.
  public func changes(since previous: CellGrid?) -> [CellChange] {
    var result: [CellChange] = []
    guard let previous, previous.width == width, previous.height == height else {
      result.reserveCapacity(cells.count)
      for y in 0..<height {
        for x in 0..<width {
          result.append(CellChange(x: x, y: y, cell: cells[y * width + x]))
        }
      }
      return result
    }
    for index in cells.indices where cells[index] != previous.cells[index] {
      result.append(CellChange(x: index % width, y: index / width, cell: cells[index]))
    }
    return result
  }
}
