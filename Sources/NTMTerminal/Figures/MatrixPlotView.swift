import NTMFigures

/// A figure's `MatrixPlot` in the terminal: its title, the values as a `Heatmap` (one cell per
/// value, zoomed out when the matrix is wider or taller than the room), wrong cells marked as
/// the sequence panel marks them, row labels on round numbers at the left and the first and last
/// column's numbers underneath.
///
/// ```
/// Length 10
///   0 ██ ░ █▓ ░█
///   5 ░█ █ ░░█ █
///     11      20
/// ```
struct MatrixPlotView {
  let plot: MatrixPlot

  /// Columns for the row labels.
  var gutter: Int { (plot.rows.numbers.map { String($0).count }.max() ?? 1) + 1 }

  /// The largest number of matrix rows drawn one per terminal row.
  static let maximumRows = 48

  /// The size the plot takes when given at most `maxWidth` columns.
  func size(maxWidth: Int) -> Size {
    let (horizontal, vertical) = axes(maxWidth: maxWidth)
    let width = AxisMapping(
      view: horizontal, count: plot.columnCount, start: 0, length: max(0, maxWidth - gutter)
    ).usedLength
    let height = AxisMapping(view: vertical, count: plot.rowCount, start: 0, length: Self.maximumRows)
      .usedLength
    return Size(width: max(gutter + width, min(maxWidth, plot.title.count)), height: 1 + height + 1)
  }

  private func axes(maxWidth: Int) -> (AxisView, AxisView) {
    (
      AxisView.fitting(count: plot.columnCount, length: max(1, maxWidth - gutter)),
      AxisView.fitting(count: plot.rowCount, length: Self.maximumRows)
    )
  }

  func render(into grid: inout CellGrid, in rect: Rect, theme: Theme) {
    let (titleRow, body) = rect.sliceTop(1)
    Label(plot.title, style: theme.title).render(into: &grid, in: titleRow, theme: theme)
    let (tickRow, matrixArea) = body.sliceBottom(1)
    let (labels, area) = matrixArea.sliceLeft(gutter)
    let (horizontal, vertical) = axes(maxWidth: rect.width)
    let heatmap = Heatmap(
      values: plot.values.flatMap { $0 }, rows: plot.rowCount, columns: plot.columnCount,
      scale: plot.scale.valueScale,
      horizontal: horizontal, vertical: vertical)
    heatmap.render(into: &grid, in: area, theme: theme)
    let layout = heatmap.layout(in: area)
    for r in 0..<plot.rowCount {
      for c in 0..<plot.columnCount where plot.isWrong(row: r, column: c) {
        guard let xs = layout.horizontal.screenRange(ofIndex: c),
          let ys = layout.vertical.screenRange(ofIndex: r)
        else { continue }
        grid[xs.lowerBound, ys.lowerBound] = Cell(theme.glyphs.wrong, style: theme.error)
      }
    }
    for p in plot.rows.tickPositions(maxTicks: max(1, layout.vertical.usedLength / 3)) {
      guard let y = layout.vertical.screenRange(ofIndex: p)?.lowerBound else { continue }
      Label(String(plot.rows.numbers[p]), style: theme.muted, alignment: .trailing)
        .render(into: &grid, in: Rect(x: labels.x, y: y, width: gutter - 1, height: 1), theme: theme)
    }
    // The first and last columns' numbers, and the axis label between them if it fits.
    let used = layout.horizontal.usedLength
    guard let first = plot.columns.numbers.first, let last = plot.columns.numbers.last, used > 0 else {
      return
    }
    let row = Rect(x: area.x, y: tickRow.y, width: used, height: 1)
    Label(String(first), style: theme.muted).render(into: &grid, in: row, theme: theme)
    Label(String(last), style: theme.muted, alignment: .trailing).render(into: &grid, in: row, theme: theme)
    let room = used - String(first).count - String(last).count - 2
    if plot.columns.label.count <= room {
      Label(plot.columns.label, style: theme.muted, alignment: .centre).render(
        into: &grid, in: row, theme: theme)
    }
  }
}

extension MatrixPlot.Scale {
  /// The terminal's colour scale for these values.
  var valueScale: ValueScale {
    switch self {
    case .unit: .sequential()
    case .signed(let limit): .diverging(limit: limit)
    }
  }
}
