/// A `MatrixPlot` as SVG: a title, square cells of side `cell`, a frame, separators, wrong
/// cells in red, and both axes with ticks on round numbers.
///
/// Cells of one row with the same colour are merged into one rectangle, which keeps a figure of
/// bits small.
struct MatrixPlotSVG {
  let plot: MatrixPlot
  let cell: Double

  static let left = 46.0
  static let right = 8.0
  static let top = 22.0
  static let bottom = 34.0

  var plotWidth: Double { Double(plot.columnCount) * cell }
  var plotHeight: Double { Double(plot.rowCount) * cell }
  /// As wide as the cells, or as the title when that is wider.
  var width: Double { Self.left + max(plotWidth, Double(plot.title.count) * 7.2) + Self.right }
  var height: Double { Self.top + plotHeight + Self.bottom }

  /// The centre of the cell at (row, column), relative to the panel's corner.
  func centre(row: Int, column: Int) -> (x: Double, y: Double) {
    (Self.left + (Double(column) + 0.5) * cell, Self.top + (Double(row) + 0.5) * cell)
  }

  func element(x: Double, y: Double) -> SVGElement {
    var children = [
      SVGElement.text(plot.title, x: Self.left, y: 14, size: 13).with("class", "panel-title"), cells(),
    ]
    if plot.wrongCount > 0 { children.append(wrongCells()) }
    // A separator is white across the cells (which are dark or bright, never white) and dark
    // where it sticks out above and below them, so it shows against any colour.
    children += plot.separators.map { column in
      let x = Self.left + Double(column) * cell
      return .group(
        "separator",
        [
          .line(from: (x, Self.top - 4), to: (x, Self.top + plotHeight + 4), stroke: .ink),
          .line(from: (x, Self.top), to: (x, Self.top + plotHeight), stroke: .white, width: 1.5),
        ])
    }
    children.append(
      SVGElement.rect(x: Self.left, y: Self.top, width: plotWidth, height: plotHeight, fill: nil)
        .with("class", "frame").with("stroke", RGBColor.ink.hex).with("stroke-width", "0.5"))
    children += [columnAxis(), rowAxis()]
    return .panel("panel matrix", x: x, y: y, children)
  }

  private func colour(_ value: Float) -> RGBColor {
    switch plot.scale {
    case .unit: RGBColor.viridis(Double(value))
    case .signed(let limit): RGBColor.diverging(limit > 0 ? Double(value / limit) : 0)
    }
  }

  private func cells() -> SVGElement {
    var rects: [SVGElement] = []
    for (r, row) in plot.values.enumerated() {
      var start = 0
      while start < row.count {
        let fill = colour(row[start])
        var end = start + 1
        while end < row.count, colour(row[end]) == fill { end += 1 }
        rects.append(
          .rect(
            x: Self.left + Double(start) * cell, y: Self.top + Double(r) * cell,
            width: Double(end - start) * cell,
            height: cell, fill: fill))
        start = end
      }
    }
    return .group("cells", rects)
  }

  private func wrongCells() -> SVGElement {
    var rects: [SVGElement] = []
    for r in 0..<plot.rowCount {
      for c in 0..<plot.columnCount where plot.isWrong(row: r, column: c) {
        rects.append(
          SVGElement.rect(
            x: Self.left + Double(c) * cell, y: Self.top + Double(r) * cell, width: cell, height: cell,
            fill: .wrong
          ).with("class", "wrong"))
      }
    }
    return .group("wrong-cells", rects)
  }

  private func columnAxis() -> SVGElement {
    let baseline = Self.top + plotHeight
    var children = plot.columns.tickPositions(maxTicks: max(2, Int(plotWidth / 45))).map { p in
      let x = centre(row: 0, column: p).x
      return SVGElement.tick(
        ("data-position", String(p)), mark: .line(from: (x, baseline), to: (x, baseline + 3), stroke: .ink),
        label: .text(String(plot.columns.numbers[p]), x: x, y: baseline + 13, size: 10, anchor: "middle"))
    }
    children.append(
      SVGElement.text(
        plot.columns.label, x: Self.left + plotWidth / 2, y: baseline + 28, size: 11, anchor: "middle"
      )
      .with("class", "axis-label").with("fill", RGBColor.muted.hex))
    return .group("axis x", children)
  }

  private func rowAxis() -> SVGElement {
    var children = plot.rows.tickPositions(maxTicks: max(1, Int(plotHeight / 14))).map { p in
      let y = centre(row: p, column: 0).y
      return SVGElement.tick(
        ("data-position", String(p)), mark: .line(from: (Self.left - 3, y), to: (Self.left, y), stroke: .ink),
        label: .text(
          String(plot.rows.numbers[p]), x: Self.left - 5, y: y, size: 10, anchor: "end",
          centredVertically: true))
    }
    let middle = Self.top + plotHeight / 2
    children.append(
      SVGElement.text(plot.rows.label, x: 10, y: middle, size: 11, anchor: "middle")
        .with("class", "axis-label").with("fill", RGBColor.muted.hex)
        .with("transform", "rotate(-90 10 \(svgNumber(middle)))"))
    return .group("axis y", children)
  }
}
