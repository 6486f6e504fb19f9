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
  var baseline: Double { Self.top + Self.plotHeight }

  /// Where a value lies on each axis, relative to the panel's corner (NaN if the axis cannot
  /// place it).
  func x(_ value: Double) -> Double { Self.left + chart.x.fraction(value) * plotWidth }
  func y(_ value: Double) -> Double { Self.top + (1 - chart.y.fraction(value)) * Self.plotHeight }

  static func dashes(_ index: Int) -> String? { [nil, "7 4", "2 3", "9 3 2 3", "4 4"][index % 5] }

  func element(x: Double, y: Double) -> SVGElement {
    var children = [SVGElement.text(chart.title, x: Self.left, y: 18, size: 13).with("class", "panel-title")]
    children += chart.bands.map(band)
    children += [xAxis(), yAxis()]
    children += chart.series.enumerated().map { series($0.element, index: $0.offset) }
    children.append(legend())
    return .panel("panel chart", x: x, y: y, children)
  }

  private func band(_ band: Band) -> SVGElement {
    func clamped(_ value: Double) -> Double {
      let f = chart.x.fraction(value)
      return Self.left + (f.isNaN ? 0 : min(max(f, 0), 1)) * plotWidth
    }
    let (lo, hi) = (clamped(band.range.lowerBound), clamped(band.range.upperBound))
    return .group(
      "band",
      [
        SVGElement.rect(x: lo, y: Self.top, width: max(0, hi - lo), height: Self.plotHeight, fill: .black)
          .with("fill-opacity", "0.06"),
        SVGElement.text(band.label, x: (lo + hi) / 2, y: Self.top + 12, size: 10, anchor: "middle")
          .with("fill", RGBColor.muted.hex),
      ])
  }

  private func xAxis() -> SVGElement {
    var children = [
      SVGElement.line(from: (Self.left, baseline), to: (Self.left + plotWidth, baseline), stroke: .ink)
        .with("class", "axis-line")
    ]
    children += zip(chart.x.ticks, chart.x.tickLabels).map { value, label in
      let px = x(value)
      return .tick(
        ("data-value", "\(value)"), mark: .line(from: (px, baseline), to: (px, baseline + 4), stroke: .ink),
        label: .text(label, x: px, y: baseline + 16, size: 11, anchor: "middle"),
        grid: SVGElement.line(from: (px, Self.top), to: (px, baseline), stroke: .grid).with("class", "grid"))
    }
    children.append(
      SVGElement.text(
        chart.x.label, x: Self.left + plotWidth / 2, y: baseline + 34, size: 12, anchor: "middle"
      )
      .with("class", "axis-label"))
    return SVGElement.group("axis x", children).with("data-scale", chart.x.scale.rawValue)
  }

  private func yAxis() -> SVGElement {
    var children = [
      SVGElement.line(from: (Self.left, Self.top), to: (Self.left, baseline), stroke: .ink).with(
        "class", "axis-line")
    ]
    children += zip(chart.y.ticks, chart.y.tickLabels).map { value, label in
      let py = y(value)
      return .tick(
        ("data-value", "\(value)"), mark: .line(from: (Self.left - 4, py), to: (Self.left, py), stroke: .ink),
        label: .text(label, x: Self.left - 7, y: py, size: 11, anchor: "end", centredVertically: true),
        grid: SVGElement.line(from: (Self.left, py), to: (Self.left + plotWidth, py), stroke: .grid)
          .with("class", "grid"))
    }
    let middle = Self.top + Self.plotHeight / 2
    children.append(
      SVGElement.text(chart.y.label, x: 14, y: middle, size: 12, anchor: "middle").with("class", "axis-label")
        .with("transform", "rotate(-90 14 \(svgNumber(middle)))"))
    return SVGElement.group("axis y", children).with("data-scale", chart.y.scale.rawValue)
  }

  private func series(_ series: Series, index: Int) -> SVGElement {
    let colour = RGBColor.series(index)
    let placed = series.points.map { (x: x($0.x), y: y($0.y)) }.filter { $0.x.isFinite && $0.y.isFinite }
    var children: [SVGElement] = []
    if series.style != .markers, !placed.isEmpty {
      var line = SVGElement(
        "polyline",
        [
          "points": placed.map { "\(svgNumber($0.x)),\(svgNumber($0.y))" }.joined(separator: " "),
          "fill": "none", "stroke": colour.hex, "stroke-width": "2", "stroke-linejoin": "round",
        ])
      if let dashes = Self.dashes(index) { line = line.with("stroke-dasharray", dashes) }
      children.append(line)
    }
    if series.style != .line {
      children += placed.map { marker(at: $0, colour: colour, radius: 2.5) }
    }
    return SVGElement.group("series", children).with("data-name", series.name)
  }

  private func marker(at p: (x: Double, y: Double), colour: RGBColor, radius: Double) -> SVGElement {
    SVGElement(
      "circle", ["cx": svgNumber(p.x), "cy": svgNumber(p.y), "r": svgNumber(radius), "fill": colour.hex])
  }

  private static func legendWidth(_ series: Series) -> Double { 50 + Double(series.name.count) * 6.5 }

  /// The legend's items, row by row, each row as wide as the plot allows.
  private var legendRows: [[Int]] {
    packedLines(chart.series.map { Int(Self.legendWidth($0).rounded(.up)) }, capacity: Int(plotWidth))
  }

  private func legend() -> SVGElement {
    var items: [SVGElement] = []
    for (r, row) in legendRows.enumerated() {
      var x = Self.left
      let y = baseline + Self.axisHeight + Double(r) * Self.legendRow + 9
      for i in row {
        let s = chart.series[i]
        let colour = RGBColor.series(i)
        var sample = SVGElement.line(from: (x, y), to: (x + 26, y), stroke: colour, width: 2)
        if let dashes = Self.dashes(i) { sample = sample.with("stroke-dasharray", dashes) }
        if s.style == .markers { sample = marker(at: (x + 13, y), colour: colour, radius: 3) }
        items.append(
          .group("legend-item", [sample, .text(s.name, x: x + 32, y: y, size: 11, centredVertically: true)]))
        x += Self.legendWidth(s)
      }
    }
    return .group("legend", items)
  }
}
