/// A `MatrixPlot` as SVG: a title, square cells of side `cell`, a frame, separators, wrong
/// cells in red, and both axes with ticks on round numbers.
///
/// Cells of one row with the same colour are merged into one rectangle, which keeps a figure of
/// binary targets small.
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
    var children: [SVGNode] = [
      .element(
        SVGElement(
          "text", ["class": "panel-title", "x": svgNumber(Self.left), "y": "14", "font-size": "13"],
          text: plot.title)),
      .element(cells()),
    ]
    if plot.wrongCount > 0 { children.append(.element(wrongCells())) }
    children += plot.separators.map { column in
      let sx = svgNumber(Self.left + Double(column) * cell)
      return .element(
        SVGElement(
          "line",
          [
            "class": "separator", "x1": sx, "x2": sx, "y1": svgNumber(Self.top - 3),
            "y2": svgNumber(Self.top + plotHeight + 3), "stroke": RGBColor.muted.hex, "stroke-width": "1",
            "stroke-dasharray": "3 2",
          ]))
    }
    children.append(
      .element(
        SVGElement(
          "rect",
          [
            "class": "frame", "x": svgNumber(Self.left), "y": svgNumber(Self.top),
            "width": svgNumber(plotWidth),
            "height": svgNumber(plotHeight), "fill": "none", "stroke": RGBColor.ink.hex,
            "stroke-width": "0.5",
          ])))
    children.append(.element(columnAxis()))
    children.append(.element(rowAxis()))
    return SVGElement(
      "g", ["class": "panel matrix", "transform": "translate(\(svgNumber(x)),\(svgNumber(y)))"],
      children: children)
  }

  private func colour(_ value: Float) -> RGBColor {
    switch plot.scale {
    case .unit: RGBColor.viridis(Double(value))
    case .signed(let limit): RGBColor.diverging(limit > 0 ? Double(value / limit) : 0)
    }
  }

  private func cells() -> SVGElement {
    var rects: [SVGNode] = []
    for (r, row) in plot.values.enumerated() {
      var start = 0
      while start < row.count {
        let fill = colour(row[start])
        var end = start + 1
        while end < row.count, colour(row[end]) == fill { end += 1 }
        rects.append(
          .element(
            SVGElement(
              "rect",
              [
                "x": svgNumber(Self.left + Double(start) * cell), "y": svgNumber(Self.top + Double(r) * cell),
                "width": svgNumber(Double(end - start) * cell), "height": svgNumber(cell), "fill": fill.hex,
              ])))
        start = end
      }
    }
    return SVGElement("g", ["class": "cells"], children: rects)
  }

  private func wrongCells() -> SVGElement {
    var rects: [SVGNode] = []
    for r in 0..<plot.rowCount {
      for c in 0..<plot.columnCount where plot.isWrong(row: r, column: c) {
        rects.append(
          .element(
            SVGElement(
              "rect",
              [
                "class": "wrong", "x": svgNumber(Self.left + Double(c) * cell),
                "y": svgNumber(Self.top + Double(r) * cell), "width": svgNumber(cell),
                "height": svgNumber(cell),
                "fill": RGBColor.wrong.hex,
              ])))
      }
    }
    return SVGElement("g", ["class": "wrong-cells"], children: rects)
  }

  private func columnAxis() -> SVGElement {
    let baseline = Self.top + plotHeight
    let positions = plot.columns.tickPositions(maxTicks: max(2, Int(plotWidth / 45)))
    var children: [SVGNode] = positions.map { p in
      let x = svgNumber(centre(row: 0, column: p).x)
      return .element(
        SVGElement(
          "g", ["class": "tick", "data-position": String(p)],
          children: [
            .element(
              SVGElement(
                "line",
                [
                  "x1": x, "x2": x, "y1": svgNumber(baseline), "y2": svgNumber(baseline + 3),
                  "stroke": RGBColor.ink.hex,
                ]
              )),
            .element(
              SVGElement(
                "text", ["x": x, "y": svgNumber(baseline + 13), "text-anchor": "middle", "font-size": "10"],
                text: String(plot.columns.numbers[p]))),
          ]))
    }
    children.append(
      .element(
        SVGElement(
          "text",
          [
            "class": "axis-label", "x": svgNumber(Self.left + plotWidth / 2), "y": svgNumber(baseline + 28),
            "text-anchor": "middle", "font-size": "11", "fill": RGBColor.muted.hex,
          ], text: plot.columns.label)))
    return SVGElement("g", ["class": "axis x"], children: children)
  }

  private func rowAxis() -> SVGElement {
    let positions = plot.rows.tickPositions(maxTicks: max(1, Int(plotHeight / 14)))
    var children: [SVGNode] = positions.map { p in
      let y = svgNumber(centre(row: p, column: 0).y)
      return .element(
        SVGElement(
          "g", ["class": "tick", "data-position": String(p)],
          children: [
            .element(
              SVGElement(
                "line",
                [
                  "x1": svgNumber(Self.left - 3), "x2": svgNumber(Self.left), "y1": y, "y2": y,
                  "stroke": RGBColor.ink.hex,
                ]
              )),
            .element(
              SVGElement(
                "text",
                [
                  "x": svgNumber(Self.left - 5), "y": y, "text-anchor": "end", "dominant-baseline": "middle",
                  "font-size": "10",
                ], text: String(plot.rows.numbers[p]))),
          ]))
    }
    let middle = svgNumber(Self.top + plotHeight / 2)
    children.append(
      .element(
        SVGElement(
          "text",
          [
            "class": "axis-label", "x": "10", "y": middle, "text-anchor": "middle", "font-size": "11",
            "fill": RGBColor.muted.hex, "transform": "rotate(-90 10 \(middle))",
          ], text: plot.rows.label)))
    return SVGElement("g", ["class": "axis y"], children: children)
  }
}
