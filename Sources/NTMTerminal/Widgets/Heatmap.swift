/// A matrix of numbers drawn as coloured cells, one cell per element (or per block of elements
/// when zoomed out, showing the block's value of largest magnitude).
///
/// ```swift
/// // Memory: N locations × M components, locations running left to right.
/// var memory = Heatmap(values: flat, rows: n, columns: m, scale: .diverging(limit: 1))
/// memory.transposed = true                        // source rows (locations) across the screen
/// memory.horizontal = AxisView(indicesPerCell: 2) // two locations per column
/// memory.highlightedRow = focusLocation           // a cursor line over location `focus`
/// memory.render(into: &grid, in: rect, theme: theme)
/// let layout = memory.layout(in: rect)            // align strips, map clicks
/// ```
///
/// Screen axes and data axes: without transposition, screen rows show data rows and screen
/// columns show data columns; `transposed` swaps them. `horizontal` and `vertical` are always the
/// *screen* axes, so a strip aligned under the heatmap uses `horizontal` whatever the
/// transposition.
public struct Heatmap: Sendable {
  /// Row-major: element (r, c) is `values[r * columns + c]`.
  public var values: [Float]
  public var rows: Int
  public var columns: Int
  public var scale: ValueScale
  /// Show data rows as screen columns.
  public var transposed: Bool
  /// Zoom and scroll of the screen's x axis.
  public var horizontal: AxisView
  /// Zoom and scroll of the screen's y axis.
  public var vertical: AxisView
  /// A data row to mark with a cursor line (drawn over the colours), or nil.
  public var highlightedRow: Int?
  /// A data column to mark with a cursor line, or nil.
  public var highlightedColumn: Int?

  public init(
    values: [Float], rows: Int, columns: Int, scale: ValueScale, transposed: Bool = false,
    horizontal: AxisView = AxisView(), vertical: AxisView = AxisView(),
    highlightedRow: Int? = nil, highlightedColumn: Int? = nil
  ) {
    self.values = values
    self.rows = max(0, rows)
    self.columns = max(0, columns)
    self.scale = scale
    self.transposed = transposed
    self.horizontal = horizontal
    self.vertical = vertical
    self.highlightedRow = highlightedRow
    self.highlightedColumn = highlightedColumn
  }

  /// The data length along the screen's x and y axes.
  public var screenCounts: (horizontal: Int, vertical: Int) {
    transposed ? (rows, columns) : (columns, rows)
  }

  /// Where every data element lands in `rect`.
  public func layout(in rect: Rect) -> HeatmapLayout {
    let counts = screenCounts
    return HeatmapLayout(
      rect: rect,
      horizontal: AxisMapping(view: horizontal, count: counts.horizontal, start: rect.x, length: rect.width),
      vertical: AxisMapping(view: vertical, count: counts.vertical, start: rect.y, length: rect.height),
      transposed: transposed)
  }

  public func render(into grid: inout CellGrid, in rect: Rect, theme: Theme) {
    let area = rect.intersection(grid.bounds)
    guard !area.isEmpty else { return }
    let layout = layout(in: rect)
    // Screen positions of the cursor lines (in screen axes): the middle line of an element
    // drawn several cells wide, so that a wide element keeps its colour either side.
    func middle(_ range: Range<Int>) -> Range<Int> {
      let m = range.lowerBound + (range.count - 1) / 2
      return m..<(m + 1)
    }
    let cursorX = (transposed ? highlightedRow : highlightedColumn).flatMap {
      layout.horizontal.screenRange(ofIndex: $0).map(middle)
    }
    let cursorY = (transposed ? highlightedColumn : highlightedRow).flatMap {
      layout.vertical.screenRange(ofIndex: $0).map(middle)
    }
    for y in area.y..<area.maxY {
      guard let ys = layout.vertical.indices(atScreen: y) else { continue }
      for x in area.x..<area.maxX {
        guard let xs = layout.horizontal.indices(atScreen: x) else { continue }
        let (dataRows, dataColumns) = transposed ? (xs, ys) : (ys, xs)
        var cell = Cell.blank
        if let value = value(rows: dataRows, columns: dataColumns) {
          cell = theme.cell(for: value, scale: scale)
        }
        let onColumn = cursorX?.contains(x) ?? false
        let onRow = cursorY?.contains(y) ?? false
        if onColumn || onRow {
          cell = Heatmap.cursor(
            over: cell, vertical: onColumn, horizontal: onRow, theme: theme)
        }
        grid[x, y] = cell
      }
    }
  }

  /// The value shown for a block of elements (see `ValueScale.representative`).
  func value(rows dataRows: Range<Int>, columns dataColumns: Range<Int>) -> Float? {
    let rowRange = dataRows.clamped(to: 0..<rows)
    let columnRange = dataColumns.clamped(to: 0..<columns)
    var best: Float?
    for r in rowRange {
      for c in columnRange {
        let index = r * columns + c
        guard index < values.count else { continue }
        best = best.map { scale.stronger($0, values[index]) } ?? values[index]
      }
    }
    return best
  }

  /// A cursor line drawn over a value cell. In colour the line is a box-drawing character in a
  /// colour that contrasts with the value's background, so the value stays visible around it.
  /// In monochrome the value *is* the character, so the cell is shown in reverse video instead.
  static func cursor(over cell: Cell, vertical: Bool, horizontal: Bool, theme: Theme) -> Cell {
    var result = cell
    if theme.colorMode == .monochrome {
      result.attributes.insert(.reverse)
      return result
    }
    let glyphs = theme.glyphs
    result.character =
      vertical && horizontal
      ? glyphs.cursorCross : (vertical ? glyphs.cursorVertical : glyphs.cursorHorizontal)
    result.foreground =
      cell.background == .default
      ? theme.accent.foreground : theme.contrastingForeground(on: cell.background)
    result.attributes.insert(.bold)
    return result
  }
}

/// Where a `Heatmap`'s data lands on screen.
public struct HeatmapLayout: Hashable, Sendable {
  public let rect: Rect
  /// Screen columns ↔ data indices along x (data columns, or data rows when transposed).
  public let horizontal: AxisMapping
  /// Screen rows ↔ data indices along y (data rows, or data columns when transposed).
  public let vertical: AxisMapping
  public let transposed: Bool

  /// The data rows and columns shown at screen position (x, y), or nil outside the data:
  /// map a mouse click to the element under it.
  public func element(atX x: Int, y: Int) -> (rows: Range<Int>, columns: Range<Int>)? {
    guard rect.contains(x: x, y: y), let xs = horizontal.indices(atScreen: x),
      let ys = vertical.indices(atScreen: y)
    else { return nil }
    return transposed ? (xs, ys) : (ys, xs)
  }

  /// The mapping for data rows (vertical, or horizontal when transposed).
  public var rowMapping: AxisMapping { transposed ? horizontal : vertical }
  /// The mapping for data columns.
  public var columnMapping: AxisMapping { transposed ? vertical : horizontal }
}
