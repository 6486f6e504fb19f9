import Testing

@testable import NTMTerminal

@Suite("CellGrid")
struct CellGridTests {
  @Test func writesTextClippedAtTheRightEdge() {
    var grid = CellGrid(width: 10, height: 2)
    let end = grid.write("hello, world", x: 0, y: 0)
    #expect(grid.lines() == ["hello, wor", "          "])
    #expect(end == 12)
    #expect(grid.text == "hello, wor\n")
  }

  @Test func writesClippedToARectangle() {
    var grid = CellGrid(width: 8, height: 3)
    grid.write("abcdefgh", x: 0, y: 1, clip: Rect(x: 2, y: 1, width: 3, height: 1))
    grid.write("outside", x: 0, y: 2, clip: Rect(x: 2, y: 1, width: 3, height: 1))
    #expect(grid.lines() == ["        ", "  cde   ", "        "])
  }

  @Test func outOfRangeWritesAreIgnoredNeverTrap() {
    var grid = CellGrid(width: 4, height: 2)
    grid.write("xyz", x: -2, y: 0)
    grid.write("abc", x: 3, y: 1)
    grid.write("never", x: 0, y: -1)
    grid.write("never", x: 0, y: 2)
    grid[-1, -1] = Cell("!")
    grid[4, 0] = Cell("!")
    grid.fill(Rect(x: -5, y: -5, width: 100, height: 1), with: Cell("#"))
    grid.fill(Rect(x: 3, y: 1, width: 100, height: 100), with: Cell("*"))
    #expect(grid.lines() == ["z   ", "   *"])
    #expect(grid[99, 99] == .blank)
  }

  @Test func controlCharactersBecomeSpaces() {
    var grid = CellGrid(width: 5, height: 1)
    grid.write("a\tb\nc\u{1B}", x: 0, y: 0)
    #expect(grid.lines() == ["a b c"])
  }

  @Test func writeCarriesStyle() {
    var grid = CellGrid(width: 3, height: 1)
    let style = CellStyle(foreground: .red, background: .blue, attributes: [.bold, .underline])
    grid.write("ab", x: 1, y: 0, style: style)
    #expect(grid[1, 0] == Cell("a", style: style))
    #expect(grid[0, 0] == .blank)
  }

  @Test func drawsOneGridIntoAnother() {
    var small = CellGrid(width: 2, height: 2, fill: Cell("x"))
    small[1, 1] = Cell("y")
    var grid = CellGrid(width: 3, height: 3)
    grid.draw(small, x: 2, y: 1)
    #expect(grid.lines() == ["   ", "  x", "  x"])
  }

  @Test func zeroAndNegativeSizesAreEmpty() {
    let grid = CellGrid(width: -3, height: 2)
    #expect(grid.width == 0)
    #expect(grid.cells.isEmpty)
    #expect(grid.lines() == ["", ""])
  }
}

@Suite("Grid diff")
struct GridDiffTests {
  @Test func noPreviousGridRedrawsEverything() {
    let grid = CellGrid(width: 3, height: 2)
    #expect(grid.changes(since: nil).count == 6)
  }

  @Test func aResizeRedrawsEverything() {
    let old = CellGrid(width: 3, height: 2)
    let new = CellGrid(width: 4, height: 2)
    #expect(new.changes(since: old).count == 8)
  }

  @Test func identicalGridsNeedNothing() {
    var grid = CellGrid(width: 5, height: 5)
    grid.write("hello", x: 0, y: 2)
    #expect(grid.changes(since: grid).isEmpty)
  }

  @Test func onlyChangedCellsAreListedInOrder() {
    var old = CellGrid(width: 4, height: 3)
    old.write("abcd", x: 0, y: 0)
    var new = old
    new[2, 0] = Cell("X")  // character
    new[0, 2] = Cell(" ", background: .red)  // colour only
    new[3, 1] = Cell(" ", attributes: .reverse)  // attribute only
    new[1, 1] = Cell(" ")  // same as before: not a change
    let changes = new.changes(since: old)
    #expect(
      changes == [
        CellChange(x: 2, y: 0, cell: Cell("X")),
        CellChange(x: 3, y: 1, cell: Cell(" ", attributes: .reverse)),
        CellChange(x: 0, y: 2, cell: Cell(" ", background: .red)),
      ])
  }
}

@Suite("Rect")
struct RectTests {
  @Test func slicesNeverGoNegative() {
    let r = Rect(x: 2, y: 3, width: 10, height: 4)
    let (top, rest) = r.sliceTop(10)
    #expect(top == r)
    #expect(rest.isEmpty)
    let (left, right) = r.sliceLeft(3)
    #expect(left == Rect(x: 2, y: 3, width: 3, height: 4))
    #expect(right == Rect(x: 5, y: 3, width: 7, height: 4))
    #expect(r.sliceRight(2).slice == Rect(x: 10, y: 3, width: 2, height: 4))
    #expect(r.sliceBottom(1).slice == Rect(x: 2, y: 6, width: 10, height: 1))
    #expect(r.inset(by: 5).isEmpty)
  }

  @Test func intersectionAndCentring() {
    let a = Rect(x: 0, y: 0, width: 5, height: 5)
    #expect(a.intersection(Rect(x: 3, y: 3, width: 5, height: 5)) == Rect(x: 3, y: 3, width: 2, height: 2))
    #expect(a.intersection(Rect(x: 9, y: 9, width: 1, height: 1)).isEmpty)
    #expect(a.centred(Size(width: 3, height: 1)) == Rect(x: 1, y: 2, width: 3, height: 1))
    #expect(a.centred(Size(width: 30, height: 30)) == a)
  }
}
