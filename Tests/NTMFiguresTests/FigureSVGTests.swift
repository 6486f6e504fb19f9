import Foundation
import NTMFigures
import Testing

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// Figures drawn as SVG, read back as XML: the structure (panels, axes, series, legend) and the
/// promise that values land where the axes say.
@Suite struct FigureSVGTests {
  static let chart = LineChart(
    title: "Cost & errors",
    x: .fitting([1, 3, 5], label: "items"),
    y: .fitting([2, 5, 1, 0.5], label: "bits per sequence", includeZero: true),
    series: [
      Series(
        name: "cost", points: [ChartPoint(1, 2), ChartPoint(3, 5), ChartPoint(5, 1)], style: .lineAndMarkers),
      Series(name: "wrong <bits>", points: [ChartPoint(1, 0.5), ChartPoint(4, 0.5)]),
    ],
    bands: [Band(1...2, label: "trained")])

  static let matrix = MatrixPlot(
    title: "Outputs", values: [[0, 0.25, 1], [1, 1, 0.5]], scale: .unit,
    rows: IndexAxis(label: "bit", count: 2), columns: IndexAxis(label: "time step", count: 3, from: 10),
    wrong: [[false, true, false], [false, false, false]], separators: [1])

  /// Tick positions along one axis of a chart: value → pixel coordinate.
  func ticks(_ tree: SVGTree, axis: XMLElement, coordinate: String) throws -> [(value: Double, pixel: Double)]
  {
    try tree.elements("g", class: "tick", in: axis).map { tick in
      let line = try #require(tree.children("line", of: tick).first)
      return (try #require(tick.number("data-value")), try #require(line.number(coordinate)))
    }
  }

  @Test func aChartHasItsAxesSeriesLegendAndBand() throws {
    let svg = Figure(title: "A figure", rows: [[.chart(Self.chart)]], notes: ["Measured on 5 sequences."])
      .svg()
    let tree = try SVGTree(svg)
    #expect(tree.root.localName == "svg")
    #expect(try tree.elements("title").first?.text == "A figure")
    #expect(try tree.elements("desc").first?.text == "Measured on 5 sequences.")
    let panel = try #require(try tree.elements("g", class: "chart").first)
    #expect(try tree.elements("text", class: "panel-title", in: panel).first?.text == "Cost & errors")
    let x = try #require(try tree.elements("g", class: "x", in: panel).first)
    let y = try #require(try tree.elements("g", class: "y", in: panel).first)
    #expect(try tree.elements("text", class: "axis-label", in: x).first?.text == "items")
    #expect(try tree.elements("text", class: "axis-label", in: y).first?.text == "bits per sequence")
    let xLabels = try tree.elements("g", class: "tick", in: x).map {
      tree.children("text", of: $0).first?.text
    }
    #expect(xLabels == ["1", "2", "3", "4", "5"])
    let series = try tree.elements("g", class: "series", in: panel)
    #expect(series.map { $0.attribute("data-name") } == ["cost", "wrong <bits>"])
    #expect(try tree.elements("circle", in: series[0]).count == 3)
    #expect(try tree.elements("circle", in: series[1]).isEmpty)
    let legend = try #require(try tree.elements("g", class: "legend").first)
    #expect(try tree.elements("text", in: legend).map(\.text) == ["cost", "wrong <bits>"])
    #expect(try tree.elements("g", class: "band").count == 1)
    #expect(
      try tree.elements("g", class: "notes").first.map { try tree.elements("text", in: $0).map(\.text) } == [
        "Measured on 5 sequences."
      ])
  }

  /// Every point of every series sits where linear interpolation between the axis ticks puts
  /// its values (0.01 px: the writer rounds to two decimals).
  @Test func valuesMapToCoordinatesAsTheTicksState() throws {
    let tree = try SVGTree(Figure(title: "t", rows: [[.chart(Self.chart)]]).svg())
    let panel = try #require(try tree.elements("g", class: "chart").first)
    let xTicks = try ticks(
      tree, axis: try #require(try tree.elements("g", class: "x", in: panel).first), coordinate: "x1")
    let yTicks = try ticks(
      tree, axis: try #require(try tree.elements("g", class: "y", in: panel).first), coordinate: "y1")
    func pixel(_ value: Double, _ ticks: [(value: Double, pixel: Double)]) -> Double {
      let (a, b) = (ticks.first!, ticks.last!)
      return a.pixel + (value - a.value) / (b.value - a.value) * (b.pixel - a.pixel)
    }
    // Ticks are evenly spaced on a linear axis, and y grows downwards.
    #expect(yTicks.first!.pixel > yTicks.last!.pixel)
    for (series, element) in zip(Self.chart.series, try tree.elements("g", class: "series", in: panel)) {
      let polyline = try #require(try tree.elements("polyline", in: element).first)
      let points = try #require(polyline.attribute("points")).split(separator: " ").map {
        $0.split(separator: ",").map { Double($0)! }
      }
      #expect(points.count == series.points.count)
      for (p, drawn) in zip(series.points, points) {
        #expect(abs(drawn[0] - pixel(p.x, xTicks)) < 0.011, "x of \(p) in \(series.name)")
        #expect(abs(drawn[1] - pixel(p.y, yTicks)) < 0.011, "y of \(p) in \(series.name)")
      }
    }
  }

  @Test func logarithmicAxesPlacePointsByTheirLogarithm() throws {
    let chart = LineChart(
      title: "log", x: .fitting([0, 10], label: "x"),
      y: .fitting([0.01, 1, 100], label: "y", scale: .logarithmic),
      series: [
        Series(
          name: "s", points: [ChartPoint(0, 0.01), ChartPoint(5, 1), ChartPoint(10, 100), ChartPoint(7, 0)])
      ])
    let tree = try SVGTree(Figure(title: "t", rows: [[.chart(chart)]]).svg())
    let y = try #require(try tree.elements("g", class: "y").first)
    #expect(y.attribute("data-scale") == "log")
    let yTicks = try ticks(tree, axis: y, coordinate: "y1")
    let at = Dictionary(uniqueKeysWithValues: yTicks.map { ($0.value, $0.pixel) })
    let points = try #require(try tree.elements("polyline").first?.attribute("points")).split(separator: " ")
    // The zero cannot be placed on a log axis and is left out; 1 is halfway from 0.01 to 100.
    #expect(points.count == 3)
    #expect(abs(Double(points[1].split(separator: ",")[1])! - at[1]!) < 0.011)
    #expect(abs(at[1]! - (at[0.01]! + at[100]!) / 2) < 0.011)
  }

  @Test func aMatrixDrawsEachValueInItsCellWithWrongCellsAndAxes() throws {
    let tree = try SVGTree(Figure(title: "m", rows: [[.matrix(Self.matrix)]]).svg())
    let panel = try #require(try tree.elements("g", class: "matrix").first)
    let frame = try #require(try tree.elements("rect", class: "frame", in: panel).first)
    let (left, top) = (try #require(frame.number("x")), try #require(frame.number("y")))
    let cell = try #require(frame.number("width")) / 3
    #expect(abs(try #require(frame.number("height")) - 2 * cell) < 0.011)
    let cells = try #require(try tree.elements("g", class: "cells", in: panel).first)
    let rects = try tree.elements("rect", in: cells)
    // Row 1 holds 1, 1, 0.5: the two equal neighbours share one rectangle.
    #expect(rects.count == 5)
    for (r, row) in Self.matrix.values.enumerated() {
      for (c, value) in row.enumerated() {
        let (cx, cy) = (left + (Double(c) + 0.5) * cell, top + (Double(r) + 0.5) * cell)
        let covering = rects.filter { rect in
          let (x, y, w, h) = (
            rect.number("x")!, rect.number("y")!, rect.number("width")!, rect.number("height")!
          )
          return x <= cx && cx < x + w && y <= cy && cy < y + h
        }
        #expect(covering.count == 1)
        #expect(covering.first?.attribute("fill") == RGBColor.viridis(Double(value)).hex, "cell \(r), \(c)")
      }
    }
    let wrong = try tree.elements("rect", class: "wrong", in: panel)
    #expect(wrong.count == 1)
    #expect(abs(try #require(wrong.first?.number("x")) - (left + cell)) < 0.011)
    let separators = try tree.elements("g", class: "separator", in: panel)
    #expect(separators.count == 1)
    #expect(tree.children("line", of: separators[0]).map { $0.number("x1") } == [left + cell, left + cell])
    // Column ticks show the columns' own numbers (time steps 10, 11, 12) at their centres.
    let x = try #require(try tree.elements("g", class: "x", in: panel).first)
    for tick in try tree.elements("g", class: "tick", in: x) {
      let position = try #require(Int(tick.attribute("data-position") ?? ""))
      #expect(tree.children("text", of: tick).first?.text == String(10 + position))
      #expect(
        abs(
          try #require(tree.children("line", of: tick).first?.number("x1"))
            - (left + (Double(position) + 0.5) * cell)) < 0.011)
    }
    #expect(try tree.elements("text", class: "axis-label", in: x).first?.text == "time step")
    // One colour bar, for the 0…1 scale.
    let bars = try tree.elements("g", class: "colorbar")
    #expect(bars.map { $0.attribute("data-lower") } == ["0.0"])
  }

  @Test func panelsOfAGridLineUpInColumns() throws {
    let wide = MatrixPlot(
      title: "w", values: [[0, 1, 0, 1, 0, 1, 0, 1]], scale: .signed(limit: 1),
      rows: IndexAxis(label: "r", count: 1),
      columns: IndexAxis(label: "t", count: 8))
    let figure = Figure(
      title: "grid", rows: [[.matrix(Self.matrix), .matrix(wide)], [.empty, .matrix(Self.matrix)]])
    let tree = try SVGTree(figure.svg())
    let offsets = try tree.elements("g", class: "matrix").map { panel -> Double in
      let transform = try #require(panel.attribute("transform"))
      return Double(transform.dropFirst("translate(".count).split(separator: ",")[0])!
    }
    // The second column starts at the same x in both rows, though row 2's first panel is empty.
    #expect(offsets.count == 3)
    #expect(offsets[1] == offsets[2])
    #expect(offsets[0] < offsets[1])
    #expect(try tree.elements("g", class: "colorbar").count == 2)
  }
}
