import NTM
import Testing

@testable import NTMTerminal

/// `ViewerScreen.render` of real states: panel titles, header and footer text, the inspector's
/// numbers against the step record, colours of head strips and wrong bits, every theme, and
/// mouse clicks mapped back to memory locations.
@Suite("Viewer render")
struct ViewerRenderTests {
  @Test func fullLayoutShowsEveryPanel() throws {
    let s = try ViewerFixture.copyState().pressing(.right)
    let grid = s.rendered()
    let text = grid.text
    for label in [
      "Memory M", "write0 @", "read0 @", "Sequence", "Weightings over time", "Heads and controller",
      "wₜ₋₁ previous", "K    cosine", "wᶜ  β=", "wᵍ  g=", "w̃ s", "w   γ=", "location",
    ] {
      #expect(text.contains(label), "\(label) missing")
    }
    let lines = grid.lines()
    #expect(lines[0].contains("step 1/21 · input"))
    #expect(lines[0].contains("copy · untrained (seed 1), NOT TRAINED"))
    #expect(lines[37] == footerLine(s, width: 120))
    #expect(lines[37].hasPrefix("write0: "))
    #expect(lines[39].contains("? help"))
  }

  @Test func reducedLayoutAt80x24() throws {
    let s = try ViewerFixture.copyState().pressing(.right, times: 2)
    let grid = s.rendered(ViewerFixture.small)
    #expect(grid.size == ViewerFixture.small)
    let text = grid.text
    for label in ["Memory M", "write0 @", "read0 @", "Sequence", "in ", "out"] {
      #expect(text.contains(label), "\(label) missing")
    }
    // No room for these: timeline, vectors, addressing stages, target rows.
    for label in ["Weightings over time", "Heads and controller", "wᶜ", "tgt"] {
      #expect(!text.contains(label), "\(label) should be left out at 80×24")
    }
    let lines = grid.lines()
    #expect(lines[0].contains("step 2/21"))
    #expect(lines[22] == footerLine(s, width: 80))
  }

  @Test func beforeTheFirstStepTheFooterSaysSo() throws {
    let grid = try ViewerFixture.copyState().rendered()
    #expect(grid.lines()[0].contains("step 0/21 · start"))
    #expect(grid.lines()[37].hasPrefix("Before the first step"))
    #expect(grid.text.contains("addressing: step to see write0's four stages"))
    #expect(grid.text.contains("Erase, add and read vectors"))
  }

  @Test(arguments: [
    Size(width: 79, height: 24), Size(width: 80, height: 23), Size(width: 60, height: 20),
    Size(width: 40, height: 10), Size(width: 20, height: 5),
  ])
  func tooSmallShowsOnlyTheEnlargeMessage(size: Size) throws {
    let s = try ViewerFixture.copyState().pressing(.right, .character("?"))
    let grid = s.rendered(size)
    let shown = grid.lines().map { $0.trimmingSpaces }.filter { !$0.isEmpty }.joined(separator: " ")
    #expect(shown == "Enlarge the terminal to at least 80×24 (now \(size.width)×\(size.height))")
  }

  @Test func degenerateSizesDoNotTrap() throws {
    let s = try ViewerFixture.copyState().pressing(.right)
    for size in [Size(width: 0, height: 0), Size(width: 1, height: 1), Size(width: 300, height: 5)] {
      #expect(s.rendered(size).size == size)
    }
  }

  @Test(arguments: Theme.all)
  func everyThemeRendersEveryScreen(theme: Theme) throws {
    let s = try ViewerFixture.copyState(configure: { $0.readHeads = 2 })
    let states = [
      s, try s.pressing(.right), try s.pressing(.end), try s.pressing(.right, .character("?")),
      try s.pressing(.right, .character("e"), .right),
      try s.pressing(.right).pressing(.character("z"), times: 4),
      try s.pressing(.right, .tab, .tab, .character("L"), .character("1"), .character("3")),
    ]
    for state in states {
      for size in [ViewerFixture.full, ViewerFixture.small, Size(width: 200, height: 60)] {
        let grid = state.rendered(size, theme: theme)
        #expect(grid.size == size)
        #expect(grid.lines()[0].contains("step \(state.time)/"))
        guard theme.glyphs == .ascii, !state.showsHelp else { continue }
        let layout = try #require(ViewerLayout(size: size, hidden: state.hidden, steps: state.episode.length))
        for rect in [layout.sequence, layout.timeline, layout.vectors, layout.memory].compactMap({ $0 }) {
          for (x, y) in borderCells(of: rect) {
            #expect(
              grid[x, y].character.isASCII, "\(theme) \(size): border (\(x), \(y)) is \(grid[x, y].character)"
            )
          }
        }
        // The widgets draw with the theme's glyphs: no box drawing or block elements anywhere
        // below the header.
        for (y, line) in grid.lines().enumerated().dropFirst() {
          #expect(!line.unicodeScalars.contains { (0x2500...0x259F).contains($0.value) }, "row \(y): \(line)")
        }
      }
    }
  }

  @Test func writeHeadStripUsesTheSequentialPaletteAtItsFocus() throws {
    let s = try ViewerFixture.copyState()
    let theme = ViewerFixture.color256
    let grid = s.rendered(theme: theme)
    let strip = try #require(stripArea(s, ViewerFixture.full))
    for (index, name) in ["write0", "read0"].enumerated() {
      let w = s.machineState.weightings[index]
      // The initial weighting focuses location 0 (softmax of the learned initial logits).
      #expect(w.indices.max { w[$0] < w[$1] } == 0)
      #expect(w[0] > 0.9)
      let y = try #require(
        grid.row(startingWith: "\(name) @0 \(NumberFormat.fixed(w[0], decimals: 2))", atX: strip.x - 16))
      #expect(grid[strip.x, y].background == Palette.viridis256.last)
      #expect(grid[strip.x + 1, y].background == Palette.viridis256.first)
      for x in strip.x..<strip.maxX {
        let location = x - strip.x
        let ramp = Palette.viridis256[Palette.sequentialIndex(w[location], steps: Palette.viridis256.count)]
        #expect(grid[x, y].background == ramp, "\(name) at location \(location)")
      }
      // The label: write heads red, read heads blue, the selected head in reverse video.
      let label = grid[strip.x - 16, y]
      #expect(label.foreground == (index == 0 ? Color.indexed(1) : Color.indexed(4)))
      #expect(label.attributes.contains(.reverse) == (index == s.selectedHead))
    }
  }

  @Test func wrongOutputBitsAreDrawnInTheErrorColour() throws {
    let s = try ViewerFixture.copyState().pressing(.end)
    let theme = ViewerFixture.color256
    let grid = s.rendered(theme: theme)
    let layout = try #require(ViewerLayout(size: ViewerFixture.full, hidden: [], steps: s.episode.length))
    let panel = try #require(layout.sequence)
    let x0 = panel.x + 1 + 4  // border, then the "out" label column
    let outRow = try #require(grid.row(startingWith: "out", atX: panel.x + 1))
    let errorColor = theme.error.background
    var wrong = 0
    var right = 0
    for t in 0..<s.episode.length {
      for k in 0..<s.task.outputWidth {
        let cell = grid[x0 + t, outRow + k / 2]
        let color = k.isMultiple(of: 2) ? cell.foreground : cell.background
        let output = s.records[t].output[k]
        if s.episode.scored[t] && (output > 0.5) != (s.episode.targets[t][k] > 0.5) {
          wrong += 1
          #expect(color == errorColor, "step \(t) bit \(k): \(output) vs \(s.episode.targets[t][k])")
        } else {
          if s.episode.scored[t] { right += 1 }
          #expect(color == theme.color(for: output, scale: .sequential()), "step \(t) bit \(k)")
          #expect(color != errorColor)
        }
      }
    }
    // The untrained model gets some bits right and some wrong; the header counts the same.
    #expect(wrong > 0 && right > 0)
    #expect(grid.lines()[0].contains(" \(wrong) wrong bits"))
    #expect(Int(s.costSoFar.bitErrors) == wrong)

    // Monochrome marks them in reverse video instead.
    let mono = s.rendered(theme: Theme(colorMode: .monochrome, glyphs: .unicode))
    for t in 0..<s.episode.length where s.episode.scored[t] {
      for pair in 0..<(s.task.outputWidth / 2) {
        let isWrong = [2 * pair, 2 * pair + 1].contains { k in
          (s.records[t].output[k] > 0.5) != (s.episode.targets[t][k] > 0.5)
        }
        #expect(mono[x0 + t, outRow + pair].attributes.contains(.reverse) == isWrong)
      }
    }
  }

  @Test func clickOnTheMemoryStripsMovesTheCursorThere() throws {
    let size = ViewerFixture.full
    let s = try ViewerFixture.copyState().pressing(.right)
    let strip = try #require(stripArea(s, size))
    let headRow = try #require(s.rendered().row(startingWith: "write0 @", atX: strip.x - 16))
    func click(_ state: ViewerState, _ x: Int, _ y: Int, _ button: MouseButton = .left) throws -> ViewerState
    {
      try state.clicking(x: x, y: y, button: button, size: size)
    }
    #expect(ViewerScreen.location(atX: strip.x + 37, y: headRow, state: s, size: size) == 37)
    let clicked = try click(s, strip.x + 37, headRow)
    #expect(clicked.cursor == 37)
    let grid = clicked.rendered()
    let axis = grid.lines()[strip.maxY - 1]
    #expect(axis.dropFirst(strip.x + 37).hasPrefix("▲37"))
    #expect(grid.text.contains("loc 37:"))
    // The heatmap's cursor line moved with it.
    #expect(grid[strip.x + 37, strip.y + 2].character == "│")
    #expect(grid[strip.x, strip.y + 2].character != "│")

    // Label column, header, footer and other buttons leave the cursor alone.
    #expect(ViewerScreen.location(atX: strip.x - 1, y: headRow, state: s, size: size) == nil)
    #expect(try click(clicked, strip.x + 5, 0).cursor == 37)
    #expect(try click(clicked, strip.x + 5, 38).cursor == 37)
    #expect(try click(clicked, strip.x + 5, headRow, .right).cursor == 37)
    #expect(ViewerScreen.location(atX: 10, y: 10, state: s, size: Size(width: 60, height: 20)) == nil)

    // Scrolled (cursor at 127: locations 26–127): the clicked location stays under the mouse,
    // the view does not jump back to location 0.
    let scrolled = try s.pressing(.character("L"), times: 16)
    #expect(scrolled.rendered().text.contains("locations 26–127"))
    let first = try click(scrolled, strip.x, headRow)
    #expect(first.cursor == 26)
    #expect(first.rendered().text.contains("locations 26–127"))
    #expect(first.rendered().lines()[strip.maxY - 1].dropFirst(strip.x).hasPrefix("▲26"))
    // At 80×24 only 62 locations fit: the same holds.
    let small = ViewerFixture.small
    let narrow = try s.pressing(.character("L"), times: 12, size: small)
    let smallStrip = try #require(stripArea(narrow, small))
    #expect(narrow.cursor == 96)
    let smallHeadRow = try #require(
      narrow.rendered(small).row(startingWith: "write0 @", atX: smallStrip.x - 16))
    let offset = try #require(ViewerScreen.memoryOffset(narrow, size: small))
    #expect(offset == 96 - 61)
    let picked = try narrow.clicking(x: smallStrip.x + 10, y: smallHeadRow, size: small)
    #expect(picked.cursor == offset + 10)
    #expect(
      picked.rendered(small).lines()[smallStrip.maxY - 1].dropFirst(smallStrip.x + 10).hasPrefix(
        "▲\(offset + 10)"))
    let zoomed = try s.pressing(.character("z"))
    #expect(try click(zoomed, strip.x + 10, headRow).cursor == 20)
    // Fitted: 128 locations in 64 columns; past them there is no location.
    let fitted = try s.pressing(.character("z"), times: 4)
    #expect(try click(fitted, strip.x + 63, headRow).cursor == 126)
    #expect(ViewerScreen.location(atX: strip.x + 80, y: headRow, state: fitted, size: size) == nil)
  }

  @Test func inspectorShowsTheCursorsLocationFromTheStepRecord() throws {
    let s = try ViewerFixture.copyState().pressing(.right, times: 6).pressing(.character("l"), times: 5)
      .pressing(.tab)
    let record = try #require(s.current)
    #expect(s.cursor == 5 && s.selectedHead == 1)
    func f(_ x: Float, _ d: Int) -> String { NumberFormat.fixed(x, decimals: d) }
    let row = record.memoryAfter.row(5)
    let expected =
      "loc 5: M = [" + row.prefix(8).map { f($0, 2) }.joined(separator: " ") + " …]"
      + " · write0 \(f(record.writeHeads[0].weighting[5], 3))"
      + " · read0 \(f(record.readHeads[0].weighting[5], 3))"
      + " · K(k, M(5)) = \(f(record.readHeads[0].addressing.similarity[5], 3))"
    #expect(s.rendered().lines()[38].trimmingSpaces == expected)
    // The weights differ by head, so the line really shows each head's own.
    #expect(record.writeHeads[0].weighting[5] != record.readHeads[0].weighting[5])

    // With write0 selected the similarity is write0's.
    let write = try s.pressing(.backTab)
    #expect(
      write.rendered().lines()[38].trimmingSpaces.hasSuffix(
        "· K(k, M(5)) = \(f(record.writeHeads[0].addressing.similarity[5], 3))"))

    // Before the first step: the initial state's memory and weightings, and no similarity.
    let initial = try ViewerFixture.copyState()
    let w = initial.machineState.weightings
    let line = initial.rendered().lines()[38].trimmingSpaces
    #expect(line.hasPrefix("loc 0: M = [0.00 0.00"))
    #expect(line.hasSuffix("· write0 \(f(w[0][0], 3)) · read0 \(f(w[1][0], 3))"))
  }
}

/// The footer's first line as the viewer should draw it: the selected head's addressing
/// sentence from the library's summary, cut with an ellipsis to the width.
private func footerLine(_ s: ViewerState, width: Int) -> String {
  let head = s.current!.heads[s.selectedHead]
  let text = "\(head.id): " + AddressingSummary(head.addressing, shifts: s.configuration.shifts).sentence
  let cut = text.count > width ? String(text.prefix(width - 1)) + "…" : text
  return cut + String(repeating: " ", count: max(0, width - cut.count))
}

/// The cells of a panel's border that only the border glyphs occupy (the title sits in the top
/// row between the first two and the last two cells).
private func borderCells(of rect: Rect) -> [(Int, Int)] {
  var cells: [(Int, Int)] = []
  for y in rect.y..<rect.maxY {
    cells.append((rect.x, y))
    cells.append((rect.maxX - 1, y))
  }
  for x in rect.x..<rect.maxX { cells.append((x, rect.maxY - 1)) }
  cells += [(rect.x + 1, rect.y), (rect.maxX - 2, rect.y)]
  return cells
}

extension String {
  var trimmingSpaces: String {
    var s = Substring(self)
    while s.first == " " { s.removeFirst() }
    while s.last == " " { s.removeLast() }
    return String(s)
  }
}

@Suite("Viewer render, memory sizes")
struct ViewerMemorySizeTests {
  /// The timeline crops to the locations the heads visited; near the top of a small memory that
  /// window wraps round to location 0 rather than running past the last location (it trapped).
  @Test(arguments: [8, 16, 32, 128])
  func everyStepRendersWhateverTheMemorySize(locations: Int) throws {
    var s = try ViewerFixture.copyState(configure: { $0.memoryLocations = locations })
    for _ in 0...s.episode.length {
      for size in [ViewerFixture.full, ViewerFixture.small] {
        let text = s.rendered(size).text
        #expect(text.contains("Memory M"))
      }
      s = try s.pressing(.right)
    }
    // The timeline's location ranges (under "write" and "read") lie inside the memory.
    let grid = s.rendered()
    let layout = try #require(ViewerLayout(size: ViewerFixture.full, hidden: [], steps: s.episode.length))
    let timeline = try #require(layout.timeline)
    var ranges = 0
    for y in timeline.y..<timeline.maxY {
      let cell = grid.lines()[y].dropFirst(timeline.x + 1).prefix(9)
      let bounds = cell.split(separator: "–").compactMap { Int(String($0).trimmingSpaces) }
      guard bounds.count == 2 else { continue }
      ranges += 1
      #expect(bounds.allSatisfy { (0..<locations).contains($0) }, "\(cell)")
    }
    #expect(ranges == 2)
  }
}

@Suite("Timeline span") struct TimelineSpanTests {
  @Test func spanIsTheShortestCircularRunHoldingEveryVisitedLocation() {
    // Copy from 0 upwards; the repeat copy model walks down from 0 through 127; one location;
    // none; a run across the seam whose widest gap is inside.
    #expect(TimelinePanel.span(of: [0, 1, 2], locations: 128) == (0, 3))
    #expect(TimelinePanel.span(of: [0, 124, 125, 126, 127], locations: 128) == (124, 5))
    #expect(TimelinePanel.span(of: [5], locations: 128) == (5, 1))
    #expect(TimelinePanel.span(of: [], locations: 128) == (0, 0))
    #expect(TimelinePanel.span(of: [1, 2, 6, 7], locations: 8) == (6, 5))
    #expect(TimelinePanel.span(of: Array(0..<8), locations: 8) == (0, 8))
  }
}

@Suite("Viewer in a non-UTF-8 locale") struct ViewerASCIITests {
  /// Without UTF-8 every character on screen must be ASCII, labels and separators included,
  /// or the terminal shows garbage.
  @Test(arguments: [Size(width: 120, height: 40), Size(width: 80, height: 24), Size(width: 50, height: 10)])
  func everyCharacterIsASCII(_ size: Size) throws {
    let state = try ViewerFixture.copyState().pressing(.right, .right, .right, .character("?"))
    for mode in ColorMode.allCases {
      let text = ViewerScreen.render(state, size: size, theme: Theme(colorMode: mode, glyphs: .ascii)).text
      let offending = text.filter { !$0.isASCII }
      #expect(offending.isEmpty, "\(mode) \(size): \(String(offending.prefix(20)))")
    }
  }
}
