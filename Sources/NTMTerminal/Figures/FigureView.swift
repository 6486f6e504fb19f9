import NTMFigures

/// A `Figure` drawn into a cell grid, for `ntm figure` in the terminal: the same panels, numbers
/// and notes as its SVG, in cells.
///
/// ```swift
/// let grid = FigureView(figure: figure).render(width: 100, theme: theme)
/// print(grid.text)
/// ```
///
/// The title comes first, then the panels: a row of the figure side by side when the whole
/// grid of columns fits the width, each panel on its own otherwise. Under them a colour key for
/// every scale the matrices use, then the notes, wrapped.
public struct FigureView: Sendable {
  public var figure: Figure

  public init(figure: Figure) { self.figure = figure }

  static let gap = 2

  private enum Placed {
    case matrix(MatrixPlotView)
    case chart(LineChartView)

    func size(maxWidth: Int) -> Size {
      switch self {
      case .matrix(let v): v.size(maxWidth: maxWidth)
      case .chart(let v): v.size(maxWidth: maxWidth)
      }
    }

    func render(into grid: inout CellGrid, in rect: Rect, theme: Theme) {
      switch self {
      case .matrix(let v): v.render(into: &grid, in: rect, theme: theme)
      case .chart(let v): v.render(into: &grid, in: rect, theme: theme)
      }
    }
  }

  private func placed(_ panel: FigurePanel) -> Placed? {
    switch panel {
    case .matrix(let m): .matrix(MatrixPlotView(plot: m))
    case .chart(let c): .chart(LineChartView(chart: c))
    case .empty: nil
    }
  }

  /// Where each panel goes in a figure `width` columns wide, and the height the panels take:
  /// grid under grid.
  ///
  /// A grid's columns are taken in groups that fit the width side by side (each column as
  /// wide as its widest panel); each group is drawn row by row under the one before. A column
  /// wider than the whole figure is a group of its own, its panels zoomed out to fit.
  private func layout(width: Int) -> (panels: [(Placed, Rect)], height: Int) {
    var result: [(Placed, Rect)] = []
    var y = 0
    for grid in figure.grids {
      let (panels, height) = layout(grid, width: width)
      result += panels.map { ($0.0, Rect(x: $0.1.x, y: $0.1.y + y, width: $0.1.width, height: $0.1.height)) }
      y += height
    }
    return (result, y)
  }

  private func layout(_ grid: PanelGrid, width: Int) -> (panels: [(Placed, Rect)], height: Int) {
    let rows = grid.rows.map { $0.map(placed) }
    let widths = (0..<grid.columnCount).map { c in
      rows.compactMap { c < $0.count ? $0[c]?.size(maxWidth: width).width : nil }.max() ?? 0
    }
    var result: [(Placed, Rect)] = []
    var y = 0
    for group in packedLines(widths, capacity: width, gap: Self.gap) {
      for row in rows {
        var x = 0
        var rowHeight = 0
        for c in group {
          let columnWidth = min(widths[c], width)
          if c < row.count, let panel = row[c] {
            let height = panel.size(maxWidth: columnWidth).height
            result.append((panel, Rect(x: x, y: y, width: columnWidth, height: height)))
            rowHeight = max(rowHeight, height)
          }
          x += columnWidth + Self.gap
        }
        if rowHeight > 0 { y += rowHeight + 1 }
      }
    }
    return (result, y)
  }

  /// The figure drawn `width` columns wide (at least 20), as tall as it needs.
  public func render(width: Int, theme: Theme) -> CellGrid {
    let width = max(20, width)
    let titleLines = Text.wrapped(figure.title, width: width)
    let (panels, panelHeight) = layout(width: width)
    let notes = figure.notes.flatMap { Text.wrapped($0, width: width) }
    let keys = figure.matrixScales
    let height = titleLines.count + 1 + panelHeight + keys.count + (keys.isEmpty ? 0 : 1) + notes.count
    var grid = CellGrid(width: width, height: height)
    for (i, line) in titleLines.enumerated() { grid.write(line, x: 0, y: i, style: theme.title) }
    var y = titleLines.count + 1
    for (panel, rect) in panels {
      panel.render(
        into: &grid, in: Rect(x: rect.x, y: rect.y + y, width: rect.width, height: rect.height), theme: theme)
    }
    y += panelHeight
    for scale in keys {
      Legend(scale: scale.valueScale).render(
        into: &grid, in: Rect(x: 0, y: y, width: min(width, 40), height: 1), theme: theme)
      y += 1
    }
    if !keys.isEmpty { y += 1 }
    for line in notes {
      grid.write(line, x: 0, y: y)
      y += 1
    }
    return grid
  }
}
