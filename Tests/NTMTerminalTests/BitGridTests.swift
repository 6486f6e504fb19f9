import Testing

@testable import NTMTerminal

@Suite("Bit grid")
struct BitGridTests {
  // 4 steps × 2 bits, row-major by time.
  let bits: [Float] = [
    1, 0,
    0, 1,
    1, 1,
    0, 0,
  ]

  @Test func timeRunsAcrossBitsDown() {
    let grid = render(
      BitGrid(values: bits, steps: 4, bits: 2), width: 4, height: 2, theme: Theme(colorMode: .monochrome))
    #expect(grid.lines() == ["█ █ ", " ██ "])
  }

  @Test func colourModesUseTheSequentialRamp() {
    let theme = Theme()
    let grid = render(BitGrid(values: bits, steps: 4, bits: 2), width: 4, height: 2, theme: theme)
    #expect(grid[0, 0].background == Palette.viridis256.last)
    #expect(grid[1, 0].background == Palette.viridis256.first)
    // Probabilities show as intermediate colours.
    let soft = render(BitGrid(values: [0.6], steps: 1, bits: 1), width: 1, height: 1, theme: theme)
    #expect(soft[0, 0].background == theme.cell(for: 0.6, scale: .sequential()).background)
  }

  @Test func wrongBitsAreMarkedInEveryMode() {
    var wrong = [Bool](repeating: false, count: 8)
    wrong[2 * 2 + 1] = true  // step 2, bit 1
    let bitGrid = BitGrid(values: bits, steps: 4, bits: 2, wrong: wrong)
    for theme in Theme.all {
      let grid = render(bitGrid, width: 4, height: 2, theme: theme)
      let cell = grid[2, 1]
      #expect(cell.character == theme.glyphs.wrong)
      #expect(cell.style == theme.error)
      #expect(grid[2, 0].character != theme.glyphs.wrong)
    }
    let color = render(bitGrid, width: 4, height: 2, theme: Theme())
    #expect(color[2, 1].background == .indexed(160))
    let eight = render(bitGrid, width: 4, height: 2, theme: Theme(colorMode: .color8))
    #expect(eight[2, 1].background == .red)
    let mono = render(bitGrid, width: 4, height: 2, theme: Theme(colorMode: .monochrome, glyphs: .ascii))
    #expect(mono.lines() == ["# # ", " #x "])
    #expect(mono[2, 1].attributes.contains(.reverse))
  }

  @Test func currentStepMarkerUnderTheBits() {
    var bitGrid = BitGrid(values: bits, steps: 4, bits: 2, currentStep: 1)
    var grid = render(bitGrid, width: 4, height: 4, theme: Theme(colorMode: .monochrome))
    #expect(grid.lines() == ["█ █ ", " ██ ", " ▲  ", "    "])
    #expect(bitGrid.layout(in: grid.bounds).markerRow == 2)
    // No room for a marker: the bits keep every row.
    grid = render(bitGrid, width: 4, height: 2, theme: Theme(colorMode: .monochrome))
    #expect(grid.lines() == ["█ █ ", " ██ "])
    // A scrolled-out current step draws no marker.
    bitGrid.timeAxis = AxisView(offset: 2)
    bitGrid.currentStep = 0
    grid = render(bitGrid, width: 2, height: 3, theme: Theme(colorMode: .monochrome))
    #expect(grid.lines() == ["█ ", "█ ", "  "])
  }

  @Test func zoomedOutTimeKeepsOnesAndWrongs() {
    var wrong = [Bool](repeating: false, count: 8)
    wrong[1 * 2] = true  // step 1, bit 0
    let bitGrid = BitGrid(
      values: bits, steps: 4, bits: 2, wrong: wrong, timeAxis: AxisView(indicesPerCell: 2))
    let grid = render(bitGrid, width: 2, height: 2, theme: Theme(colorMode: .monochrome, glyphs: .ascii))
    #expect(grid.lines() == ["x#", "##"])
  }

  @Test func shortOrMissingDataNeverTraps() {
    let bitGrid = BitGrid(values: [1], steps: 3, bits: 3, currentStep: 7, wrong: [true, true])
    for theme in Theme.all {
      _ = render(bitGrid, width: 5, height: 5, theme: theme)
      var grid = CellGrid(width: 2, height: 2)
      bitGrid.render(into: &grid, in: Rect(x: -4, y: 1, width: 10, height: 10), theme: theme)
    }
  }

  private func render(_ bitGrid: BitGrid, width: Int, height: Int, theme: Theme) -> CellGrid {
    var grid = CellGrid(width: width, height: height)
    bitGrid.render(into: &grid, in: grid.bounds, theme: theme)
    return grid
  }
}
