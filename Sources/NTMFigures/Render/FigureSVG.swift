/// A `Figure` laid out as an SVG document: the title, the grids of panels one under another
/// (in a grid each column is as wide as its widest panel), a colour bar for every colour scale
/// the matrices use, and the notes.
///
/// Matrix cells are square, one size for the whole figure so that panels compare cell for
/// cell: the largest whole number of pixels (2…14) that keeps the figure within about
/// 1,280 × 1,500 pixels. The document carries the title and the notes as its `<title>` and
/// `<desc>`, for screen readers and search.
struct FigureSVG {
  let figure: Figure

  static let margin = 16.0
  static let gap = 18.0
  static let titleHeight = 40.0
  static let noteLine = 17.0
  static let colourBarHeight = 34.0
  static let maximumWidth = 1280.0
  static let maximumHeight = 1500.0

  /// The side of a matrix cell in pixels.
  var cell: Double {
    var best = 14.0
    var fixedHeight = Self.titleHeight + 200
    var cellRows = 0
    for grid in figure.grids {
      for row in grid.rows {
        var fixed = 2 * Self.margin + Self.gap * Double(max(0, row.count - 1))
        var columns = 0
        var tallest: Int?
        for panel in row {
          switch panel {
          case .matrix(let m):
            fixed += MatrixPlotSVG.left + MatrixPlotSVG.right
            columns += m.columnCount
            tallest = max(tallest ?? 0, m.rowCount)
          case .chart: fixed += LineChartSVG.width
          case .empty: break
          }
        }
        if columns > 0 { best = min(best, ((Self.maximumWidth - fixed) / Double(columns)).rounded(.down)) }
        if let tallest {
          cellRows += tallest
          fixedHeight += MatrixPlotSVG.top + MatrixPlotSVG.bottom + Self.gap
        }
      }
    }
    if cellRows > 0 {
      best = min(best, ((Self.maximumHeight - fixedHeight) / Double(cellRows)).rounded(.down))
    }
    return max(2, best)
  }

  private enum Placed {
    case matrix(MatrixPlotSVG)
    case chart(LineChartSVG)

    var width: Double {
      switch self {
      case .matrix(let m): m.width
      case .chart(let c): c.width
      }
    }

    var height: Double {
      switch self {
      case .matrix(let m): m.height
      case .chart(let c): c.height
      }
    }

    func element(x: Double, y: Double) -> SVGElement {
      switch self {
      case .matrix(let m): m.element(x: x, y: y)
      case .chart(let c): c.element(x: x, y: y)
      }
    }
  }

  private func placed(_ panel: FigurePanel, cell: Double) -> Placed? {
    switch panel {
    case .matrix(let m): .matrix(MatrixPlotSVG(plot: m, cell: cell))
    case .chart(let c): .chart(LineChartSVG(chart: c))
    case .empty: nil
    }
  }

  /// Each panel with its position, and the size of the area they take.
  private func layout(cell: Double) -> (
    panels: [(Placed, x: Double, y: Double)], width: Double, height: Double
  ) {
    var result: [(Placed, x: Double, y: Double)] = []
    var y = 0.0
    var width = 0.0
    for (g, grid) in figure.grids.enumerated() {
      let rows = grid.rows.map { $0.map { placed($0, cell: cell) } }
      let widths = (0..<grid.columnCount).map { c in
        rows.compactMap { c < $0.count ? $0[c]?.width : nil }.max() ?? 0
      }
      width = max(width, widths.reduce(0, +) + Self.gap * Double(max(0, widths.count - 1)))
      for (r, row) in rows.enumerated() {
        var x = 0.0
        for (c, panel) in row.enumerated() {
          if let panel { result.append((panel, x, y)) }
          x += widths[c] + Self.gap
        }
        y += (row.compactMap { $0?.height }.max() ?? 0)
        if r < rows.count - 1 || g < figure.grids.count - 1 { y += Self.gap }
      }
    }
    return (result, width, y)
  }

  var document: String {
    let (panels, gridWidth, gridHeight) = layout(cell: cell)
    let width = max(gridWidth, Double(figure.title.count) * 9.6, 400) + 2 * Self.margin
    var body = [
      SVGElement(
        "rect", ["class": "background", "width": "100%", "height": "100%", "fill": RGBColor.white.hex]),
      SVGElement.text(figure.title, x: Self.margin, y: 26, size: 17).with("class", "figure-title")
        .with("font-weight", "bold"),
    ]
    body += panels.map { $0.0.element(x: Self.margin + $0.x, y: Self.titleHeight + $0.y) }
    var y = Self.titleHeight + gridHeight
    for scale in figure.matrixScales {
      body.append(colourBar(scale, x: Self.margin, y: y + 8))
      y += Self.colourBarHeight
    }
    y += 8
    let lines = figure.notes.flatMap { wrap($0, width: Int((width - 2 * Self.margin) / 6.4)) }
    if !lines.isEmpty {
      body.append(
        .group(
          "notes",
          lines.enumerated().map { i, line in
            .text(line, x: Self.margin, y: y + 12 + Double(i) * Self.noteLine, size: 12)
          }))
      y += Double(lines.count) * Self.noteLine
    }
    let height = y + Self.margin
    let svg = SVGElement(
      "svg",
      [
        "xmlns": "http://www.w3.org/2000/svg", "width": svgNumber(width), "height": svgNumber(height),
        "viewBox": "0 0 \(svgNumber(width)) \(svgNumber(height))",
        "font-family": "Helvetica, Arial, sans-serif", "fill": RGBColor.ink.hex,
      ],
      elements: [
        SVGElement("title", text: figure.title),
        SVGElement("desc", text: figure.notes.joined(separator: "\n")),
      ] + body)
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + svg.xml + "\n"
  }

  /// A horizontal ramp from the scale's lower to its upper value, labelled at both ends.
  private func colourBar(_ scale: MatrixPlot.Scale, x: Double, y: Double) -> SVGElement {
    let steps = 48
    let (lower, upper) = scale.bounds
    let barX = x + 44
    var children = (0..<steps).map { i in
      let t = Double(i) / Double(steps - 1)
      let colour =
        switch scale {
        case .unit: RGBColor.viridis(t)
        case .signed: RGBColor.diverging(2 * t - 1)
        }
      // A little wider than the step, so that no seam shows between neighbours.
      return SVGElement.rect(x: barX + Double(i) * 4, y: y, width: 4.5, height: 12, fill: colour)
    }
    children += [
      .text(
        ChartAxis.label(Double(lower), step: 0.01), x: barX - 6, y: y + 6, size: 11, anchor: "end",
        centredVertically: true),
      .text(
        ChartAxis.label(Double(upper), step: 0.01), x: barX + Double(steps) * 4 + 6, y: y + 6, size: 11,
        centredVertically: true),
    ]
    return SVGElement.group("colorbar", children).with("data-lower", "\(lower)").with(
      "data-upper", "\(upper)")
  }

  /// Words of `text` in lines of at most `width` characters (a longer word has a line of its own).
  func wrap(_ text: String, width: Int) -> [String] {
    var lines: [String] = []
    var line = ""
    for word in text.split(separator: " ") {
      if !line.isEmpty && line.count + 1 + word.count > width {
        lines.append(line)
        line = ""
      }
      line += (line.isEmpty ? "" : " ") + word
    }
    if !line.isEmpty { lines.append(line) }
    return lines
  }
}
