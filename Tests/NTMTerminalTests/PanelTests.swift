import Testing

@testable import NTMTerminal

@Suite("Panel and overlay")
struct PanelTests {
  @Test func unicodeBorderWithTitle() {
    var grid = CellGrid(width: 14, height: 3)
    let inner = Panel(title: "Memory").render(into: &grid, in: grid.bounds, theme: Theme())
    #expect(
      grid.lines() == [
        "┌─ Memory ───┐",
        "│            │",
        "└────────────┘",
      ])
    #expect(inner == Rect(x: 1, y: 1, width: 12, height: 1))
    #expect(grid[3, 0].attributes.contains(.bold))
  }

  @Test func asciiBorder() {
    var grid = CellGrid(width: 8, height: 3)
    Panel().render(into: &grid, in: grid.bounds, theme: Theme(glyphs: .ascii))
    #expect(grid.lines() == ["+------+", "|      |", "+------+"])
  }

  @Test func longTitlesAreCut() {
    var grid = CellGrid(width: 10, height: 2)
    Panel(title: "Controller state").render(into: &grid, in: grid.bounds, theme: Theme())
    #expect(grid.lines()[0] == "┌─ Con… ─┐")
    grid = CellGrid(width: 6, height: 2)
    Panel(title: "Memory").render(into: &grid, in: grid.bounds, theme: Theme())
    #expect(grid.lines()[0] == "┌────┐")
  }

  @Test func focusedBorderUsesTheAccent() {
    var grid = CellGrid(width: 6, height: 3)
    let theme = Theme()
    Panel(isFocused: true).render(into: &grid, in: grid.bounds, theme: theme)
    #expect(grid[0, 0].style == theme.accent)
    #expect(grid[5, 1].style == theme.accent)
  }

  @Test func tinyOrOffscreenPanelsNeverTrap() {
    var grid = CellGrid(width: 4, height: 4)
    #expect(
      Panel(title: "x").render(into: &grid, in: Rect(x: 0, y: 0, width: 1, height: 5), theme: Theme()).isEmpty
    )
    Panel(title: "x").render(into: &grid, in: Rect(x: 2, y: 2, width: 9, height: 9), theme: Theme())
    Panel(title: "x").render(into: &grid, in: Rect(x: -9, y: -9, width: 5, height: 5), theme: Theme())
    #expect(grid.lines() == ["    ", "    ", "  ┌─", "  │ "])
  }

  @Test func overlayIsCentredAndClearsBeneath() {
    var grid = CellGrid(width: 20, height: 7, fill: Cell("."))
    let frame = Overlay(title: "Keys", lines: ["q  quit", "?  help"]).render(
      into: &grid, in: grid.bounds, theme: Theme())
    #expect(frame == Rect(x: 4, y: 1, width: 12, height: 4))
    #expect(
      grid.lines() == [
        "....................",
        "....┌─ Keys ───┐....",
        "....│ q  quit  │....",
        "....│ ?  help  │....",
        "....└──────────┘....",
        "....................",
        "....................",
      ])
  }

  @Test func overlayWithTooManyLinesEndsInAnEllipsis() {
    var grid = CellGrid(width: 12, height: 4)
    Overlay(lines: ["one", "two", "three", "four"]).render(
      into: &grid, in: grid.bounds, theme: Theme(glyphs: .ascii))
    #expect(grid.lines() == [" +-------+  ", " | one   |  ", " | ~     |  ", " +-------+  "])
  }
}
