import NTMFigures
import Testing

@testable import NTMTerminal

/// Figures drawn in the terminal: the same panels as the SVG, in cells, and printed with or
/// without escape sequences.
@Suite struct FigureViewTests {
  static let bits = MatrixPlot(
    title: "Length 4: targets", values: [[1, 0, 1, 0], [0, 1, 1, 0]], scale: .unit,
    rows: IndexAxis(label: "bit", count: 2), columns: IndexAxis(label: "time step", count: 4, from: 5),
    wrong: [[false, false, false, true], [false, false, false, false]])

  static let chart = LineChart(
    title: "Cost", x: .fitting([2, 10], label: "items in the list"),
    y: .fitting([0, 4], label: "bits", includeZero: true),
    series: [
      Series(name: "cost", points: [ChartPoint(2, 0), ChartPoint(10, 4)]),
      Series(name: "wrong bits", points: [ChartPoint(2, 1), ChartPoint(10, 2)], style: .markers),
    ],
    bands: [Band(2...6, label: "trained")])

  @Test func aMatrixShowsItsTitleValuesWrongCellsAndAxes() {
    let theme = Theme(colorMode: .monochrome, glyphs: .unicode)
    let grid = FigureView(figure: Figure(title: "Copy", rows: [[.matrix(Self.bits)]], notes: ["One note."]))
      .render(width: 40, theme: theme)
    let lines = grid.text.components(separatedBy: "\n")
    #expect(lines[0] == "Copy")
    #expect(lines[2] == "Length 4: targets")
    // Monochrome: a 1 is a full shade, a 0 blank; the wrong bit is the wrong glyph.
    #expect(lines[3] == "0 █ █×")
    #expect(lines[4] == "   ██")
    #expect(lines[5] == "  5  8")
    // The colour key: the ramp between its two ends.
    #expect(lines.contains { $0.hasPrefix("0.00 ") && $0.hasSuffix(" 1.00") })
    #expect(lines.last == "One note.")
  }

  @Test func aChartShowsTicksSeriesMarksBandAndLegend() {
    let theme = Theme(colorMode: .monochrome, glyphs: .unicode)
    let grid = FigureView(figure: Figure(title: "Recall", rows: [[.chart(Self.chart)]]))
      .render(width: 60, theme: theme)
    let text = grid.text
    #expect(text.contains("trained"))
    #expect(text.contains("items in the list"))
    #expect(text.contains("● cost  × wrong bits"))
    let lines = text.components(separatedBy: "\n")
    // The y ticks 0 and 4 label the bottom and top rows of the plot; the line rises from the
    // bottom-left corner to the top-right one.
    let top = lines.firstIndex { $0.hasPrefix(" 4 │") }!
    let bottom = lines.firstIndex { $0.hasPrefix(" 0 │") }!
    #expect(bottom - top == LineChartView.plotHeight - 1)
    #expect(lines[bottom].dropFirst(4).first == "●")
    #expect(lines[top].last == "●")
    // The axis, with the band 2…6 (the first half of 2…10) marked on it.
    let axis = lines[bottom + 1].dropFirst(3)
    #expect(axis.hasPrefix("└━"))
    #expect(abs(axis.filter { $0 == "━" }.count - axis.filter { $0 == "─" }.count) <= 2)
    #expect(lines[bottom + 2].hasPrefix("    2"))
  }

  @Test func panelsOfARowSitSideBySideWhenTheyFitAndStackOtherwise() {
    let theme = Theme(colorMode: .monochrome, glyphs: .ascii)
    let figure = Figure(title: "t", rows: [[.matrix(Self.bits), .matrix(Self.bits)], [.matrix(Self.bits)]])
    let wide = FigureView(figure: figure).render(width: 60, theme: theme).text.components(separatedBy: "\n")
    #expect(wide[2] == "Length 4: targets  Length 4: targets")
    let narrow = FigureView(figure: figure).render(width: 30, theme: theme).text.components(separatedBy: "\n")
    #expect(narrow.filter { $0 == "Length 4: targets" }.count == 3)
    // Column by column: the first column's two panels, then the second's.
    #expect(narrow.firstIndex(of: "Length 4: targets") == 2)
  }

  @Test func plainOutputHasNoEscapesAndColourOutputResetsEveryLine() {
    let figure = Figure(title: "Copy", rows: [[.matrix(Self.bits)]])
    let colour = Theme(colorMode: .color256, glyphs: .unicode)
    let grid = FigureView(figure: figure).render(width: 30, theme: colour)
    let plain = InlineOutput(theme: colour, width: 30, escapes: false).text(grid)
    #expect(!plain.contains("\u{1B}"))
    #expect(plain == grid.text + "\n")
    let escaped = InlineOutput(theme: colour, width: 30, escapes: true).text(grid)
    #expect(escaped.contains("\u{1B}[0m\u{1B}[48;5;"))
    for line in escaped.split(separator: "\n") where line.contains("\u{1B}") {
      #expect(line.hasSuffix("\u{1B}[0m"))
    }
    #expect(escaped.split(separator: "\n", omittingEmptySubsequences: false).count == grid.height + 1)
  }
}
