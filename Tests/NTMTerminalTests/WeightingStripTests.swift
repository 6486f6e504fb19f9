import Testing

@testable import NTMTerminal

@Suite("Weighting strip")
struct WeightingStripTests {
  @Test func heatStripWithMarkerUnderTheArgmax() {
    let strip = WeightingStrip(weights: [0, 0.1, 0.8, 0.1, 0])
    var grid = CellGrid(width: 6, height: 2)
    strip.render(into: &grid, in: grid.bounds, theme: Theme(colorMode: .monochrome))
    #expect(grid.lines() == ["  ▓   ", "  ▲   "])
    #expect(strip.argmax == 2)

    grid = CellGrid(width: 6, height: 2)
    let theme = Theme()
    strip.render(into: &grid, in: grid.bounds, theme: theme)
    #expect(grid[2, 0].background == theme.cell(for: 0.8, scale: .sequential()).background)
    #expect(grid[0, 0].background == Palette.viridis256[0])
    #expect(grid[5, 0] == .blank)  // no location there
    #expect(grid[2, 1].character == "▲")
    #expect(grid[2, 1].style == theme.accent)
  }

  @Test func oneRowHasNoMarker() {
    let strip = WeightingStrip(weights: [1, 0])
    var grid = CellGrid(width: 2, height: 1)
    strip.render(into: &grid, in: grid.bounds, theme: Theme(colorMode: .monochrome, glyphs: .ascii))
    #expect(grid.lines() == ["# "])
  }

  @Test func barsUseEighthBlocks() {
    let strip = WeightingStrip(weights: [0, 0.25, 0.5, 1], style: .bars, showsFocusMarker: false)
    var grid = CellGrid(width: 4, height: 2)
    strip.render(into: &grid, in: grid.bounds, theme: Theme())
    #expect(grid.lines() == ["   █", " ▄██"])
    #expect(grid[3, 0].foreground == Palette.viridis256.last)
    #expect(grid[3, 0].background == .default)
  }

  @Test func alignsColumnForColumnWithAHeatmap() {
    // Memory of 20 locations × 3 components, locations across the screen, zoomed and scrolled.
    let n = 20
    var memory = Heatmap(
      values: [Float](repeating: 0, count: n * 3), rows: n, columns: 3, scale: .diverging(limit: 1),
      transposed: true)
    memory.horizontal = AxisView(offset: 3, indicesPerCell: 2)
    let rect = Rect(x: 4, y: 1, width: 6, height: 3)
    let layout = memory.layout(in: rect)
    var weights = [Float](repeating: 0, count: n)
    weights[9] = 1
    let strip = WeightingStrip(weights: weights, axis: layout.horizontal.view)
    let stripRect = Rect(x: rect.x, y: rect.maxY, width: rect.width, height: 2)
    let mapping = strip.mapping(in: stripRect)
    #expect(mapping == layout.horizontal)
    for x in rect.x..<rect.maxX {
      #expect(mapping.indices(atScreen: x) == layout.element(atX: x, y: rect.y)?.rows)
    }
    var grid = CellGrid(width: 12, height: 6)
    strip.render(into: &grid, in: stripRect, theme: Theme(colorMode: .monochrome, glyphs: .ascii))
    // Location 9 is in the cell showing 9..<11, at x = 4 + (9 - 3) / 2 = 7.
    #expect(layout.horizontal.screenRange(ofIndex: 9) == 7..<8)
    #expect(grid[7, 4].character == "#")
    #expect(grid[7, 5].character == "^")
  }

  @Test func zoomedInMarkerSitsMidSpan() {
    let strip = WeightingStrip(weights: [0, 1], axis: AxisView(cellsPerIndex: 3))
    var grid = CellGrid(width: 6, height: 2)
    strip.render(into: &grid, in: grid.bounds, theme: Theme(colorMode: .monochrome))
    #expect(grid.lines() == ["   ███", "    ▲ "])
  }

  @Test func offScreenFocusPointsTheWay() {
    var weights = [Float](repeating: 0, count: 10)
    weights[9] = 1
    var grid = CellGrid(width: 4, height: 2)
    WeightingStrip(weights: weights).render(
      into: &grid, in: grid.bounds, theme: Theme(colorMode: .monochrome))
    #expect(grid.lines()[1] == "   ▶")
    weights.swapAt(0, 9)
    grid = CellGrid(width: 4, height: 2)
    WeightingStrip(weights: weights, axis: AxisView(offset: 5)).render(
      into: &grid, in: grid.bounds, theme: Theme(colorMode: .monochrome))
    #expect(grid.lines()[1] == "◀   ")
  }

  @Test func explicitFocusAndDegenerateInput() {
    var grid = CellGrid(width: 3, height: 2)
    WeightingStrip(weights: [0.5, 0.5, 0], focus: 1).render(
      into: &grid, in: grid.bounds, theme: Theme(glyphs: .ascii))
    #expect(grid.lines()[1] == " ^ ")
    grid = CellGrid(width: 3, height: 2)
    WeightingStrip(weights: []).render(into: &grid, in: grid.bounds, theme: Theme())
    #expect(grid == CellGrid(width: 3, height: 2))
    WeightingStrip(weights: [.nan, 0.2], style: .bars).render(
      into: &grid, in: Rect(x: -1, y: -1, width: 9, height: 9), theme: Theme())
    #expect(WeightingStrip(weights: [.nan, 0.2]).argmax == 1)
  }
}

@Suite("Vector bar")
struct VectorBarTests {
  @Test func labelStripAndRange() {
    let bar = VectorBar(values: [-1, 0, 1], scale: .diverging(limit: 1), label: "a", showsRange: true)
    var grid = CellGrid(width: 20, height: 1)
    bar.render(into: &grid, in: grid.bounds, theme: Theme(colorMode: .monochrome, glyphs: .ascii))
    #expect(grid.lines() == ["a % #    -1.00..1.00"])
    let theme = Theme()
    grid = CellGrid(width: 20, height: 1)
    bar.render(into: &grid, in: grid.bounds, theme: theme)
    #expect(grid.text == "a         −1.00…1.00")
    #expect(grid[2, 0].background == Palette.diverging256.first)
    #expect(grid[3, 0].background == .indexed(231))
    #expect(grid[4, 0].background == Palette.diverging256.last)
    #expect(grid[5, 0] == .blank)
    #expect(bar.mapping(in: grid.bounds, glyphs: theme.glyphs).start == 2)
  }

  @Test func valuesInsideWideCells() {
    let bar = VectorBar(
      values: [0.5, -0.25], scale: .diverging(limit: 1), axis: AxisView(cellsPerIndex: 5), showsValues: true)
    var grid = CellGrid(width: 10, height: 1)
    let theme = Theme()
    bar.render(into: &grid, in: grid.bounds, theme: theme)
    #expect(grid.lines() == ["0.50 −.25 "])
    #expect(grid[0, 0].background == theme.cell(for: 0.5, scale: bar.scale).background)
    #expect(grid[0, 0].foreground == theme.contrastingForeground(on: grid[0, 0].background))
  }

  @Test func tooNarrowKeepsTheLabel() {
    let bar = VectorBar(values: [1, 2, 3], scale: .sequential(), label: "erase", showsRange: true)
    var grid = CellGrid(width: 4, height: 1)
    bar.render(into: &grid, in: grid.bounds, theme: Theme())
    #expect(grid.lines() == ["eras"])
  }
}
