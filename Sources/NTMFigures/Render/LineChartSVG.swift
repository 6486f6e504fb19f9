/// A `LineChart` as SVG: a title, shaded bands, grid lines, both axes with their ticks and
/// labels, one polyline (and markers) per series, and a legend under the plot.
///
/// Series are told apart by colour and by dash pattern, so a chart printed in grey still reads.
struct LineChartSVG {
  let chart: LineChart

  static let width = 560.0
  static let plotHeight = 250.0
  static let left = 64.0
  static let right = 20.0
  static let top = 30.0
  /// Tick labels and the axis label under the plot.
  static let axisHeight = 44.0
  static let legendRow = 18.0

  var plotWidth: Double { Self.width - Self.left - Self.right }
  var width: Double { Self.width }
  var height: Double {
    Self.top + Self.plotHeight + Self.axisHeight + Double(legendRows.count) * Self.legendRow + 6
  }

  /// The position of a data point relative to the panel's corner (NaN if an axis cannot place it).
  func position(_ p: ChartPoint) -> (x: Double, y: Double) {
    (
      Self.left + chart.x.fraction(p.x) * plotWidth,
      Self.top + (1 - chart.y.fraction(p.y)) * Self.plotHeight
    )
  }

  static func dashes(_ index: Int) -> String? {
    [nil, "7 4", "2 3", "9 3 2 3", "4 4"][index % 5]
  }

  func element(x: Double, y: Double) -> SVGElement {
    var children: [SVGNode] = [
      .element(
        SVGElement(
          "text", ["class": "panel-title", "x": svgNumber(Self.left), "y": "18", "font-size": "13"],
          text: chart.title))
    ]
    children += chart.bands.map { .element(band($0)) }
    children.append(.element(xAxis()))
    children.append(.element(yAxis()))
    children += chart.series.enumerated().map { .element(series($0.element, index: $0.offset)) }
    children.append(.element(legend()))
    return SVGElement(
      "g", ["class": "panel chart", "transform": "translate(\(svgNumber(x)),\(svgNumber(y)))"],
      children: children)
  }

  private func band(_ band: Band) -> SVGElement {
    let lo = Self.left + clampedFraction(chart.x.fraction(band.range.lowerBound)) * plotWidth
    let hi = Self.left + clampedFraction(chart.x.fraction(band.range.upperBound)) * plotWidth
    return SVGElement(
      "g", ["class": "band"],
      children: [
        .element(
          SVGElement(
            "rect",
            [
              "x": svgNumber(lo), "y": svgNumber(Self.top), "width": svgNumber(max(0, hi - lo)),
              "height": svgNumber(Self.plotHeight), "fill": RGBColor.black.hex, "fill-opacity": "0.06",
            ])),
        .element(
          SVGElement(
            "text",
            [
              "x": svgNumber((lo + hi) / 2), "y": svgNumber(Self.top + 12), "text-anchor": "middle",
              "font-size": "10", "fill": RGBColor.muted.hex,
            ], text: band.label)),
      ])
  }

  private func clampedFraction(_ f: Double) -> Double { f.isNaN ? 0 : min(max(f, 0), 1) }

  private func xAxis() -> SVGElement {
    let baseline = Self.top + Self.plotHeight
    var children: [SVGNode] = [
      .element(
        SVGElement(
          "line",
          [
            "class": "axis-line", "x1": svgNumber(Self.left), "x2": svgNumber(Self.left + plotWidth),
            "y1": svgNumber(baseline), "y2": svgNumber(baseline), "stroke": RGBColor.ink.hex,
          ]))
    ]
    for (value, label) in zip(chart.x.ticks, chart.x.tickLabels) {
      let x = svgNumber(Self.left + chart.x.fraction(value) * plotWidth)
      children.append(
        .element(
          SVGElement(
            "g", ["class": "tick", "data-value": "\(value)"],
            children: [
              .element(
                SVGElement(
                  "line",
                  [
                    "class": "grid", "x1": x, "x2": x, "y1": svgNumber(Self.top), "y2": svgNumber(baseline),
                    "stroke": RGBColor.grid.hex,
                  ])),
              .element(
                SVGElement(
                  "line",
                  [
                    "x1": x, "x2": x, "y1": svgNumber(baseline), "y2": svgNumber(baseline + 4),
                    "stroke": RGBColor.ink.hex,
                  ]
                )),
              .element(
                SVGElement(
                  "text",
                  ["x": x, "y": svgNumber(baseline + 16), "text-anchor": "middle", "font-size": "11"],
                  text: label)),
            ])))
    }
    children.append(
      .element(
        SVGElement(
          "text",
          [
            "class": "axis-label", "x": svgNumber(Self.left + plotWidth / 2), "y": svgNumber(baseline + 34),
            "text-anchor": "middle", "font-size": "12",
          ], text: chart.x.label)))
    return SVGElement("g", ["class": "axis x", "data-scale": chart.x.scale.rawValue], children: children)
  }

  private func yAxis() -> SVGElement {
    var children: [SVGNode] = [
      .element(
        SVGElement(
          "line",
          [
            "class": "axis-line", "x1": svgNumber(Self.left), "x2": svgNumber(Self.left),
            "y1": svgNumber(Self.top),
            "y2": svgNumber(Self.top + Self.plotHeight), "stroke": RGBColor.ink.hex,
          ]))
    ]
    for (value, label) in zip(chart.y.ticks, chart.y.tickLabels) {
      let y = svgNumber(Self.top + (1 - chart.y.fraction(value)) * Self.plotHeight)
      children.append(
        .element(
          SVGElement(
            "g", ["class": "tick", "data-value": "\(value)"],
            children: [
              .element(
                SVGElement(
                  "line",
                  [
                    "class": "grid", "x1": svgNumber(Self.left), "x2": svgNumber(Self.left + plotWidth),
                    "y1": y,
                    "y2": y, "stroke": RGBColor.grid.hex,
                  ])),
              .element(
                SVGElement(
                  "line",
                  [
                    "x1": svgNumber(Self.left - 4), "x2": svgNumber(Self.left), "y1": y, "y2": y,
                    "stroke": RGBColor.ink.hex,
                  ]
                )),
              .element(
                SVGElement(
                  "text",
                  [
                    "x": svgNumber(Self.left - 7), "y": y, "text-anchor": "end",
                    "dominant-baseline": "middle",
                    "font-size": "11",
                  ], text: label)),
            ])))
    }
    let middle = svgNumber(Self.top + Self.plotHeight / 2)
    children.append(
      .element(
        SVGElement(
          "text",
          [
            "class": "axis-label", "x": "14", "y": middle, "text-anchor": "middle", "font-size": "12",
            "transform": "rotate(-90 14 \(middle))",
          ], text: chart.y.label)))
    return SVGElement("g", ["class": "axis y", "data-scale": chart.y.scale.rawValue], children: children)
  }

  private func series(_ series: Series, index: Int) -> SVGElement {
    let colour = RGBColor.series(index).hex
    let placed = series.points.map(position).filter { $0.x.isFinite && $0.y.isFinite }
    var children: [SVGNode] = []
    if series.style != .markers, !placed.isEmpty {
      var line = SVGElement(
        "polyline",
        [
          "points": placed.map { "\(svgNumber($0.x)),\(svgNumber($0.y))" }.joined(separator: " "),
          "fill": "none", "stroke": colour, "stroke-width": "2", "stroke-linejoin": "round",
        ])
      if let dashes = Self.dashes(index) { line = line.with("stroke-dasharray", dashes) }
      children.append(.element(line))
    }
    if series.style != .line {
      children += placed.map {
        .element(
          SVGElement(
            "circle", ["cx": svgNumber($0.x), "cy": svgNumber($0.y), "r": "2.5", "fill": colour]))
      }
    }
    return SVGElement("g", ["class": "series", "data-name": series.name], children: children)
  }

  /// The legend's items, row by row, each row as wide as the plot allows.
  private var legendRows: [[Int]] {
    var rows: [[Int]] = []
    var used = Double.infinity
    for (i, s) in chart.series.enumerated() {
      let itemWidth = 34 + Double(s.name.count) * 6.5 + 16
      if used + itemWidth > plotWidth {
        rows.append([])
        used = 0
      }
      rows[rows.count - 1].append(i)
      used += itemWidth
    }
    return rows
  }

  private func legend() -> SVGElement {
    var children: [SVGNode] = []
    let top = Self.top + Self.plotHeight + Self.axisHeight
    for (r, row) in legendRows.enumerated() {
      var x = Self.left
      let y = top + Double(r) * Self.legendRow + 9
      for i in row {
        let s = chart.series[i]
        let colour = RGBColor.series(i).hex
        var sample: SVGElement
        if s.style == .markers {
          sample = SVGElement(
            "circle", ["cx": svgNumber(x + 13), "cy": svgNumber(y), "r": "3", "fill": colour])
        } else {
          sample = SVGElement(
            "line",
            [
              "x1": svgNumber(x), "x2": svgNumber(x + 26), "y1": svgNumber(y), "y2": svgNumber(y),
              "stroke": colour,
              "stroke-width": "2",
            ])
          if let dashes = Self.dashes(i) { sample = sample.with("stroke-dasharray", dashes) }
        }
        children.append(
          .element(
            SVGElement(
              "g", ["class": "legend-item"],
              children: [
                .element(sample),
                .element(
                  SVGElement(
                    "text",
                    [
                      "x": svgNumber(x + 32), "y": svgNumber(y), "dominant-baseline": "middle",
                      "font-size": "11",
                    ],
                    text: s.name)),
              ])))
        x += 34 + Double(s.name.count) * 6.5 + 16
      }
    }
    return SVGElement("g", ["class": "legend"], children: children)
  }
}
