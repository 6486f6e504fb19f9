import Testing

@testable import NTMTerminal

@Suite("Sparkline")
struct SparklineTests {
  @Test func scalesToTheDataRange() {
    var grid = CellGrid(width: 8, height: 1)
    Sparkline(values: (0..<8).map(Float.init)).render(into: &grid, in: grid.bounds, theme: Theme())
    #expect(grid.lines() == ["▁▂▃▄▅▆▇█"])
    // Shifting and scaling the data changes nothing.
    var shifted = CellGrid(width: 8, height: 1)
    Sparkline(values: (0..<8).map { 100 + 3 * Float($0) }).render(
      into: &shifted, in: shifted.bounds, theme: Theme())
    #expect(shifted == grid)
  }

  @Test func asciiFallback() {
    var grid = CellGrid(width: 8, height: 1)
    Sparkline(values: (0..<8).map(Float.init)).render(
      into: &grid, in: grid.bounds, theme: Theme(glyphs: .ascii))
    #expect(grid.lines() == ["__--==##"])
  }

  @Test func fixedRangeClamps() {
    var grid = CellGrid(width: 3, height: 1)
    Sparkline(values: [-5, 0.5, 5], range: 0...1).render(into: &grid, in: grid.bounds, theme: Theme())
    #expect(grid.lines() == ["▁▅█"])
  }

  @Test func tallerSparklinesStackBlocks() {
    var grid = CellGrid(width: 3, height: 2)
    Sparkline(values: [0, 0.5, 1]).render(into: &grid, in: grid.bounds, theme: Theme())
    #expect(grid.lines() == [" ▁█", "▁██"])
  }

  @Test func longSeriesAreResampledByBucketMeans() {
    #expect(Sparkline.resample([1, 3, 5, 7], to: 2) == [2, 6])
    #expect(Sparkline.resample([1, 2, 3], to: 5) == [1, 2, 3])
    #expect(Sparkline.resample([1, .nan, .nan, 4], to: 2)[0] == 1)
    #expect(Sparkline.resample([.nan, .nan], to: 1)[0].isNaN)
    #expect(Sparkline.resample((0..<1000).map(Float.init), to: 7).count == 7)
    var grid = CellGrid(width: 4, height: 1)
    Sparkline(values: (0..<100).map(Float.init)).render(into: &grid, in: grid.bounds, theme: Theme())
    #expect(grid.lines() == ["▁▃▆█"])
  }

  @Test func constantAndDegenerateSeries() {
    var grid = CellGrid(width: 3, height: 1)
    Sparkline(values: [2, 2, 2]).render(into: &grid, in: grid.bounds, theme: Theme())
    #expect(grid.lines() == ["▅▅▅"])
    grid = CellGrid(width: 3, height: 1)
    Sparkline(values: [1, .nan, 3]).render(into: &grid, in: grid.bounds, theme: Theme())
    #expect(grid.lines() == ["▁ █"])
    grid = CellGrid(width: 3, height: 1)
    Sparkline(values: []).render(into: &grid, in: grid.bounds, theme: Theme())
    #expect(grid.lines() == ["   "])
  }

  @Test func logarithmicScale() {
    var grid = CellGrid(width: 4, height: 1)
    Sparkline(values: [1000, 100, 10, 1], logarithmic: true).render(
      into: &grid, in: grid.bounds, theme: Theme())
    #expect(grid.lines() == ["█▆▃▁"])
    grid = CellGrid(width: 2, height: 1)
    Sparkline(values: [0, 10], logarithmic: true).render(into: &grid, in: grid.bounds, theme: Theme())
    #expect(grid.lines() == [" ▅"])
  }
}

@Suite("Legend, labels and text")
struct TextWidgetTests {
  @Test func legendShowsEndsAndRamp() {
    var grid = CellGrid(width: 20, height: 1)
    let theme = Theme()
    Legend(scale: .diverging(limit: 1), label: "M").render(into: &grid, in: grid.bounds, theme: theme)
    #expect(grid.text == "M −1.00         1.00")
    // The ramp spans x = 8..<15, from the negative to the positive end.
    #expect(grid[8, 0].background == Palette.diverging256.first)
    #expect(grid[14, 0].background == Palette.diverging256.last)
    #expect(grid[11, 0].background == .indexed(231))
  }

  @Test func legendInMonochromeShowsShades() {
    var grid = CellGrid(width: 16, height: 1)
    Legend(scale: .sequential(), decimals: 0).render(
      into: &grid, in: grid.bounds, theme: Theme(colorMode: .monochrome))
    #expect(grid.lines() == ["0   ░░░▒▒▓▓▓██ 1"])
  }

  @Test func labelSpansAlignAndTruncate() {
    let theme = Theme()
    var grid = CellGrid(width: 10, height: 1)
    let label = Label([Span("step ", style: theme.muted), Span("12/40", style: theme.title)])
    label.render(into: &grid, in: grid.bounds, theme: theme)
    #expect(grid.lines() == ["step 12/40"])
    #expect(grid[0, 0].style == theme.muted)
    #expect(grid[5, 0].style == theme.title)

    grid = CellGrid(width: 8, height: 1)
    label.render(into: &grid, in: grid.bounds, theme: theme)
    #expect(grid.lines() == ["step 12…"])
    #expect(grid[7, 0].style == theme.title)

    grid = CellGrid(width: 8, height: 1)
    Label("ok", alignment: .trailing).render(into: &grid, in: grid.bounds, theme: theme)
    Label("x", alignment: .centre).render(into: &grid, in: grid.bounds, theme: theme)
    #expect(grid.lines() == ["   x  ok"])
  }

  @Test func wrapping() {
    #expect(Text.wrapped("the quick brown fox", width: 10) == ["the quick", "brown fox"])
    #expect(Text.wrapped("abcdefghij", width: 4) == ["abcd", "efgh", "ij"])
    #expect(Text.wrapped("a\n\nb", width: 4) == ["a", "", "b"])
    #expect(Text.wrapped("x", width: 0) == [])
    #expect(Text.truncated("hello", to: 3) == "he…")
    #expect(Text.truncated("hello", to: 5) == "hello")
  }

  @Test func textBlockWrapsAndClips() {
    var grid = CellGrid(width: 9, height: 2)
    TextBlock("the quick brown fox jumps").render(into: &grid, in: grid.bounds, theme: Theme())
    #expect(grid.lines() == ["the quick", "brown fox"])
    grid = CellGrid(width: 6, height: 2)
    TextBlock("centred\nab", alignment: .centre, wraps: false).render(
      into: &grid, in: grid.bounds, theme: Theme(glyphs: .ascii))
    #expect(grid.lines() == ["centr~", "  ab  "])
  }
}
