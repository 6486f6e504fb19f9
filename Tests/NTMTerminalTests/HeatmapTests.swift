import Testing

@testable import NTMTerminal

@Suite("Heatmap")
struct HeatmapTests {
  // 2 rows × 3 columns.
  let values: [Float] = [
    -1, 0, 1,
    0.5, -0.5, 0,
  ]

  @Test func coloursInEveryMode() {
    let heatmap = Heatmap(values: values, rows: 2, columns: 3, scale: .diverging(limit: 1))
    var grid = CellGrid(width: 3, height: 2)
    heatmap.render(into: &grid, in: grid.bounds, theme: Theme(colorMode: .color256))
    #expect(grid[0, 0].background == .indexed(19))
    #expect(grid[1, 0].background == .indexed(231))
    #expect(grid[2, 0].background == .indexed(88))
    #expect(grid.lines() == ["   ", "   "])

    heatmap.render(into: &grid, in: grid.bounds, theme: Theme(colorMode: .color8))
    #expect([grid[0, 0], grid[1, 0], grid[2, 0]].map(\.background) == [.blue, .white, .red])

    grid = CellGrid(width: 3, height: 2)
    heatmap.render(into: &grid, in: grid.bounds, theme: Theme(colorMode: .monochrome))
    #expect(grid.lines() == ["≡ █", "▒- "])
    #expect(grid.cells.allSatisfy { $0.background == .default })

    heatmap.render(into: &grid, in: grid.bounds, theme: Theme(colorMode: .monochrome, glyphs: .ascii))
    #expect(grid.lines() == ["% #", ":- "])
  }

  @Test func sequentialHeatmap() {
    let heatmap = Heatmap(values: [0, 1], rows: 1, columns: 2, scale: .sequential())
    var grid = CellGrid(width: 2, height: 1)
    heatmap.render(into: &grid, in: grid.bounds, theme: Theme())
    #expect(grid[0, 0].background == Palette.viridis256.first)
    #expect(grid[1, 0].background == Palette.viridis256.last)
  }

  @Test func zoomTakesTheLargestMagnitude() {
    // One row of six values, two per cell: the signed value of largest magnitude wins.
    let row: [Float] = [0.1, -0.9, 0.2, 0.3, 0, 0]
    var heatmap = Heatmap(values: row, rows: 1, columns: 6, scale: .diverging(limit: 1))
    heatmap.horizontal = AxisView(indicesPerCell: 2)
    var grid = CellGrid(width: 5, height: 1)
    let theme = Theme()
    heatmap.render(into: &grid, in: grid.bounds, theme: theme)
    #expect(grid[0, 0] == theme.cell(for: -0.9, scale: heatmap.scale))
    #expect(grid[1, 0] == theme.cell(for: 0.3, scale: heatmap.scale))
    #expect(grid[2, 0] == theme.cell(for: 0, scale: heatmap.scale))
    #expect(grid[3, 0] == .blank)  // past the data
    #expect(heatmap.layout(in: grid.bounds).horizontal.indices(atScreen: 1) == 2..<4)
  }

  @Test func zoomWorksOnBothAxes() {
    // 4×4 with one strong value at (3, 2); 2×2 blocks.
    var m = [Float](repeating: 0, count: 16)
    m[3 * 4 + 2] = 1
    let heatmap = Heatmap(
      values: m, rows: 4, columns: 4, scale: .sequential(), horizontal: AxisView(indicesPerCell: 2),
      vertical: AxisView(indicesPerCell: 2))
    var grid = CellGrid(width: 2, height: 2)
    heatmap.render(into: &grid, in: grid.bounds, theme: Theme(colorMode: .monochrome))
    #expect(grid.lines() == ["  ", " █"])
  }

  @Test func offsetScrolls() {
    let row: [Float] = [0, 0.25, 0.5, 0.75, 1]
    let heatmap = Heatmap(
      values: row, rows: 1, columns: 5, scale: .sequential(), horizontal: AxisView(offset: 2))
    var grid = CellGrid(width: 3, height: 1)
    heatmap.render(into: &grid, in: grid.bounds, theme: Theme(colorMode: .monochrome))
    #expect(grid.lines() == ["▒▓█"])
  }

  @Test func transposedSwapsAxes() {
    var heatmap = Heatmap(values: values, rows: 2, columns: 3, scale: .diverging(limit: 1))
    heatmap.transposed = true
    var grid = CellGrid(width: 2, height: 3)
    heatmap.render(into: &grid, in: grid.bounds, theme: Theme(colorMode: .monochrome))
    #expect(grid.lines() == ["≡▒", " -", "█ "])
    let layout = heatmap.layout(in: grid.bounds)
    #expect(layout.rowMapping == layout.horizontal)
    let element = layout.element(atX: 1, y: 2)
    #expect(element?.rows == 1..<2)
    #expect(element?.columns == 2..<3)
  }

  @Test func layoutMapsClicksToElements() {
    var heatmap = Heatmap(
      values: [Float](repeating: 0, count: 100 * 4), rows: 100, columns: 4, scale: .sequential())
    heatmap.vertical = AxisView(offset: 10, indicesPerCell: 5)
    let rect = Rect(x: 3, y: 2, width: 8, height: 6)
    let layout = heatmap.layout(in: rect)
    let hit = layout.element(atX: 4, y: 3)
    #expect(hit?.rows == 15..<20)
    #expect(hit?.columns == 1..<2)
    #expect(layout.element(atX: 2, y: 3) == nil)  // left of the rect
    #expect(layout.element(atX: 8, y: 3) == nil)  // right of the data
  }

  @Test func cursorLinesMarkTheHighlightedRowAndColumn() {
    var heatmap = Heatmap(
      values: [Float](repeating: 0, count: 9), rows: 3, columns: 3, scale: .diverging(limit: 1))
    heatmap.highlightedRow = 1
    heatmap.highlightedColumn = 2
    var grid = CellGrid(width: 3, height: 3)
    let theme = Theme()
    heatmap.render(into: &grid, in: grid.bounds, theme: theme)
    #expect(grid.lines() == ["  │", "──┼", "  │"])
    // The line is drawn over the value's colour, in a colour that contrasts with it.
    #expect(grid[2, 0].background == .indexed(231))
    #expect(grid[2, 0].foreground == .indexed(16))

    grid = CellGrid(width: 3, height: 3)
    heatmap.render(into: &grid, in: grid.bounds, theme: Theme(colorMode: .monochrome))
    #expect(grid[2, 0].attributes.contains(.reverse))
    #expect(!grid[0, 0].attributes.contains(.reverse))
  }

  @Test func cursorFollowsTransposition() {
    let heatmap = Heatmap(
      values: [Float](repeating: 0, count: 6), rows: 3, columns: 2, scale: .diverging(limit: 1),
      transposed: true, highlightedRow: 1)
    var grid = CellGrid(width: 3, height: 2)
    heatmap.render(into: &grid, in: grid.bounds, theme: Theme(glyphs: .ascii))
    #expect(grid.lines() == [" | ", " | "])
  }

  @Test func clippingAtGridEdgesNeverTraps() {
    let heatmap = Heatmap(
      values: (0..<64).map { Float($0) / 64 }, rows: 8, columns: 8, scale: .sequential(),
      highlightedRow: 7, highlightedColumn: 0)
    for rect in [
      Rect(x: -3, y: -3, width: 8, height: 8), Rect(x: 2, y: 2, width: 20, height: 20),
      Rect(x: 10, y: 10, width: 3, height: 3), Rect(x: 0, y: 0, width: 0, height: 5),
    ] {
      for theme in Theme.all {
        var grid = CellGrid(width: 4, height: 4)
        heatmap.render(into: &grid, in: rect, theme: theme)
        #expect(grid.width == 4)
      }
    }
    // Fewer values than rows × columns claims: missing elements stay blank.
    let short = Heatmap(values: [1], rows: 2, columns: 2, scale: .sequential())
    var grid = CellGrid(width: 2, height: 2)
    short.render(into: &grid, in: grid.bounds, theme: Theme(colorMode: .monochrome))
    #expect(grid.lines() == ["█ ", "  "])
  }

  @Test func partiallyVisibleHeatmapKeepsItsMapping() {
    // A rect hanging off the left edge: the visible part shows the right data.
    let heatmap = Heatmap(values: [0, 0.25, 0.5, 0.75, 1], rows: 1, columns: 5, scale: .sequential())
    var grid = CellGrid(width: 3, height: 1)
    heatmap.render(
      into: &grid, in: Rect(x: -2, y: 0, width: 5, height: 1), theme: Theme(colorMode: .monochrome))
    #expect(grid.lines() == ["▒▓█"])
  }
}
