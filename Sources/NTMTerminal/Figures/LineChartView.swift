import NTMFigures

/// A figure's `LineChart` in the terminal: the title, tick labels on both axes, the axes, each
/// series drawn with its own mark (and colour, where there is colour), shaded bands labelled at
/// their top, and a legend under the chart.
///
/// ```
/// Cost per sequence against the number of items
///   4 │                         ●●
///   2 │      trained        ●●●
///   0 │●●●●●●●●●●●●●●●●●●●●
///     └────────────────────────────
///      2       10        20
///               items in the list
/// ● cost  × wrong bits
/// ```
///
/// A line is drawn as its mark in every column between two points, at the interpolated height;
/// a point off a logarithmic axis (zero, negative) is left out, as in the SVG.
struct LineChartView {
  let chart: LineChart

  static let plotHeight = 14
  static let maximumWidth = 78

  /// The marks that tell series apart without colour.
  static func mark(_ index: Int, glyphs: Glyphs) -> Character {
    let marks: [Character] =
      glyphs == .unicode
      ? ["●", "×", "+", "○", "◆", "*", "#", "="] : ["*", "x", "+", "o", "#", "@", "%", "="]
    return marks[index % marks.count]
  }

  /// The terminal colour nearest each series' colour in the SVG (the Okabe–Ito palette).
  static func style(_ index: Int, theme: Theme) -> CellStyle {
    let colour: Color
    switch theme.colorMode {
    case .color256: colour = [25, 166, 36, 175, 214, 74, 250, 185].map { Color.indexed($0) }[index % 8]
    case .color8: colour = [Color.blue, .red, .green, .magenta, .yellow, .cyan, .white, .yellow][index % 8]
    case .monochrome: return .plain
    }
    return CellStyle(foreground: colour, attributes: .bold)
  }

  var gutter: Int { (chart.y.tickLabels.map(\.count).max() ?? 1) + 2 }

  func legendLines(width: Int) -> [[Int]] {
    var rows: [[Int]] = [[]]
    var used = 0
    for (i, s) in chart.series.enumerated() {
      let length = s.name.count + 4
      if used > 0, used + length > width {
        rows.append([])
        used = 0
      }
      rows[rows.count - 1].append(i)
      used += length
    }
    return rows
  }

  func size(maxWidth: Int) -> Size {
    let width = min(maxWidth, Self.maximumWidth)
    return Size(width: width, height: 1 + Self.plotHeight + 3 + legendLines(width: width).count)
  }

  func render(into grid: inout CellGrid, in rect: Rect, theme: Theme) {
    let (titleRow, body) = rect.sliceTop(1)
    Label(chart.title, style: theme.title).render(into: &grid, in: titleRow, theme: theme)
    let (plotRows, below) = body.sliceTop(Self.plotHeight + 1)
    let (labels, plotAndAxis) = plotRows.sliceLeft(gutter)
    let (axisRow, plot) = plotAndAxis.sliceBottom(1)
    let area = Rect(x: plot.x + 1, y: plot.y, width: plot.width - 1, height: plot.height)
    guard area.width > 1, area.height > 1 else { return }
    func column(_ x: Double) -> Int? {
      let f = chart.x.fraction(x)
      return f.isFinite ? area.x + Int((f * Double(area.width - 1)).rounded()) : nil
    }
    func row(_ y: Double) -> Int? {
      let f = chart.y.fraction(y)
      return f.isFinite ? area.y + Int(((1 - f) * Double(area.height - 1)).rounded()) : nil
    }
    // Axes; then bands, shaded where there is colour and marked on the axis everywhere.
    for y in plot.y..<axisRow.y { grid[plot.x, y] = Cell(theme.glyphs.vertical, style: theme.muted) }
    for x in plot.x..<plot.maxX { grid[x, axisRow.y] = Cell(theme.glyphs.horizontal, style: theme.muted) }
    grid[plot.x, axisRow.y] = Cell(theme.glyphs.bottomLeft, style: theme.muted)
    for band in chart.bands {
      guard let lo = column(band.range.lowerBound).map({ max($0, area.x) }),
        let hi = column(band.range.upperBound).map({ min($0, area.maxX - 1) }), lo <= hi
      else { continue }
      let span = Rect(x: lo, y: area.y, width: hi - lo + 1, height: area.height)
      if theme.colorMode == .color256 { grid.applyStyle(span) { $0.background = .indexed(236) } }
      Label(band.label, style: theme.muted, alignment: .centre).render(into: &grid, in: span, theme: theme)
      for x in lo...hi { grid[x, axisRow.y] = Cell(theme.glyphs == .unicode ? "━" : "=", style: theme.muted) }
    }
    for (value, label) in zip(chart.y.ticks, chart.y.tickLabels) {
      guard let y = row(value) else { continue }
      Label(label, style: theme.muted, alignment: .trailing).render(
        into: &grid, in: Rect(x: labels.x, y: y, width: gutter - 1, height: 1), theme: theme)
    }
    let (tickRow, rest) = below.sliceTop(1)
    var free = tickRow.x
    for (value, label) in zip(chart.x.ticks, chart.x.tickLabels) {
      guard let x = column(value) else { continue }
      let start = min(max(x - label.count / 2, free), tickRow.maxX - label.count)
      guard start >= free else { continue }
      grid.write(label, x: start, y: tickRow.y, style: theme.muted)
      free = start + label.count + 1
    }
    let (labelRow, legendRows) = rest.sliceTop(1)
    Label(chart.x.label, style: theme.muted, alignment: .centre).render(
      into: &grid, in: Rect(x: area.x, y: labelRow.y, width: area.width, height: 1), theme: theme)
    drawSeries(into: &grid, column: column, row: row, theme: theme)
    for (r, items) in legendLines(width: rect.width).enumerated() {
      var x = legendRows.x
      for i in items {
        grid[x, legendRows.y + r] = Cell(
          Self.mark(i, glyphs: theme.glyphs), style: Self.style(i, theme: theme))
        x = grid.write(" " + chart.series[i].name + "  ", x: x + 1, y: legendRows.y + r, clip: legendRows)
      }
    }
  }

  private func drawSeries(
    into grid: inout CellGrid, column: (Double) -> Int?, row: (Double) -> Int?, theme: Theme
  ) {
    for (i, series) in chart.series.enumerated() {
      let cell = Cell(Self.mark(i, glyphs: theme.glyphs), style: Self.style(i, theme: theme))
      let placed = series.points.compactMap { p -> (Int, Int)? in
        guard let x = column(p.x), let y = row(p.y) else { return nil }
        return (x, y)
      }
      if series.style == .markers {
        for (x, y) in placed { grid[x, y] = cell }
        continue
      }
      // Each column between two points gets the cells from the previous column's height to
      // its own, so that steep stretches stay joined.
      guard var (x, y) = placed.first else { continue }
      grid[x, y] = cell
      for (x1, y1) in placed.dropFirst() where x1 > x {
        let (x0, y0) = (x, y)
        for column in (x0 + 1)...x1 {
          let height = Int((Double(y0) + Double(column - x0) / Double(x1 - x0) * Double(y1 - y0)).rounded())
          for row in min(y, height)...max(y, height) { grid[column, row] = cell }
          (x, y) = (column, height)
        }
      }
    }
  }
}
