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
      "Memory after step t = 0", "write0 @", "read0 @", "Sequence", "Weightings over time",
      "Heads and controller",
      "wₜ₋₁ previous", "K    cosine", "wᶜ  β=", "wᵍ  g=", "w̃ s", "w   γ=", "location",
    ] {
      #expect(text.contains(label), "\(label) missing")
    }
    let lines = grid.lines()
    #expect(lines[0].contains("t = 0/20 · input"))
    #expect(lines[0].contains("copy · untrained (seed 1), NOT TRAINED"))
    #expect(lines[36] == footerLine(s, width: 120))
    #expect(lines[36].hasPrefix("write0: "))
    #expect(lines[37].hasPrefix("t = 0: input 1 of 10"))
    #expect(lines[39].contains("? help"))
  }

  @Test func reducedLayoutAt80x24() throws {
    let s = try ViewerFixture.copyState().pressing(.right, times: 2)
    let grid = s.rendered(ViewerFixture.small)
    #expect(grid.size == ViewerFixture.small)
    let text = grid.text
    for label in ["Memory after step t = 1", "write0 @", "read0 @", "Sequence", "in ", "out"] {
      #expect(text.contains(label), "\(label) missing")
    }
    // No room for these: timeline, vectors, addressing stages, target rows (the title says so).
    for label in ["Weightings over time", "Heads and controller", "wᶜ", "│tgt"] {
      #expect(!text.contains(label), "\(label) should be left out at 80×24")
    }
    #expect(text.contains("Sequence · grey: not scored · no room for tgt"))
    let lines = grid.lines()
    #expect(lines[0].contains("t = 1/20"))
    #expect(lines[21] == footerLine(s, width: 80))
  }

  /// Repeat copy's input and output are too tall for 80×24 together: the output (its wrong
  /// bits) stays, and the title names the grids left out.
  @Test func theOutputGridIsNeverDropped() throws {
    let task = try makeTask(named: "repeat-copy")
    let s = try ViewerState(model: ViewerFixture.untrainedModel(for: task), task: task, seed: 1, size: 5)
      .pressing(.right, times: 3)
    for size in [ViewerFixture.small, ViewerFixture.full] {
      let lines = s.rendered(size).lines()
      let out = try #require(lines.firstIndex { $0.hasPrefix("│out") }, "no output grid at \(size)")
      #expect(lines[out + 1].hasPrefix("│    "))
    }
    let small = s.rendered(ViewerFixture.small).text
    #expect(!small.contains("│in ") && small.contains("no room for in, tgt"))
    #expect(!s.rendered(ViewerFixture.full).text.contains("no room"))
  }

  /// Priority sort's four heads do not all fit above the memory's location axis at 80×24: the
  /// strips shown stop above it, and the selected head is always among them.
  @Test func headStripsNeverCoverTheLocationAxis() throws {
    let task = try makeTask(named: "priority-sort")
    let model = ViewerFixture.untrainedModel(for: task) { c in (c.readHeads, c.writeHeads) = (2, 2) }
    let start = try ViewerState(model: model, task: task, seed: 1).pressing(.right, times: 3)
    for selected in 0..<4 {
      let s = try start.pressing(.tab, times: selected)
      for size in [ViewerFixture.small, ViewerFixture.full] {
        let memory = try #require(ViewerScreen.layout(s, size: size)?.memory)
        let lines = s.rendered(size).lines()
        #expect(lines[memory.maxY - 2].dropFirst(memory.x + 1).hasPrefix("location"), "\(size)")
        let strips = lines[memory.y..<(memory.maxY - 2)].map { $0.dropFirst(memory.x + 1) }
        #expect(strips.contains { $0.hasPrefix(s.headName(selected) + " @") }, "\(size), head \(selected)")
        if size == ViewerFixture.full { #expect(strips.filter { $0.contains(" @") }.count == 4) }
      }
    }
  }

  /// A long task name at 80 columns leaves no room for the model: the task stands alone, with
  /// no dangling separator, and the step and cost stay.
  @Test func theHeaderDropsTheModelBeforeTheCost() throws {
    let task = try makeTask(named: "associative-recall")
    var model = ViewerFixture.untrainedModel(for: task)
    (model.label, model.sequencesSeen) = ("shipped associative-recall model", 100_000)
    let header = try ViewerState(model: model, task: task, seed: 1).pressing(.right).rendered(
      ViewerFixture.small
    )
    .lines()[0]
    #expect(header.hasPrefix(" NTM  associative-recall"))
    #expect(!header.contains("· │") && !header.contains("·  │"))
    #expect(header.contains("t = 0/") && header.contains("0 wrong"))
  }

  @Test func beforeTheFirstStepTheFooterSaysSo() throws {
    let grid = try ViewerFixture.copyState().rendered()
    #expect(grid.lines()[0].contains("t = –/20 · start"))
    #expect(grid.lines()[36].hasPrefix("Before the first step"))
    #expect(grid.lines()[37].hasPrefix("copy: 10 inputs, to be copied back in order"))
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
        guard !state.showsHelp else { continue }
        #expect(grid.lines()[0].contains(state.shownStep.map { "t = \($0)/" } ?? "start"))
        guard theme.glyphs == .ascii else { continue }
        let layout = try #require(ViewerScreen.layout(state, size: size))
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

  @Test func headStripsUseTheSequentialPaletteAlignedWithTheWindow() throws {
    let s = try ViewerFixture.copyState()
    let theme = ViewerFixture.color256
    let grid = s.rendered(theme: theme)
    let strip = try #require(stripArea(s, ViewerFixture.full))
    let window = MemoryPanel(state: s, reduced: false).window(in: strip)
    // Both heads start on location 0: the window is the 16-location minimum round it, cells
    // enlarged to fill the strip (17 locations of 6 columns in 102), across the seam.
    #expect(window.axis.cellsPerIndex == 6 && window.count == 17)
    #expect(window.displayIndex(of: 0) == 8 && window.location(at: 0) == 120)
    #expect(grid.text.contains("locations 120–8 across the seam"))
    for (index, name) in ["write0", "read0"].enumerated() {
      let w = s.weightings[index]
      #expect(w.argmax == 0 && w[0] > 0.9)
      let y = try #require(
        grid.row(startingWith: "\(name) @0 \(NumberFormat.fixed(w[0], decimals: 2))", atX: strip.x - 16))
      for x in strip.x..<strip.maxX {
        let location = window.location(at: (x - strip.x) / 6)
        let ramp = Palette.viridis256[Palette.sequentialIndex(w[location], steps: Palette.viridis256.count)]
        #expect(grid[x, y].background == ramp, "\(name) at location \(location)")
      }
      #expect(grid[strip.x + 8 * 6, y].background == Palette.viridis256.last)
      let label = grid[strip.x - 16, y]
      #expect(label.foreground == (index == 0 ? Color.indexed(1) : Color.indexed(4)))
      #expect(label.attributes.contains(.reverse) == (index == s.selectedHead))
    }
    // The axis labels every location when cells are this wide, 0 included after 127.
    let axis = grid.lines()[strip.maxY - 1]
    #expect(axis.dropFirst(strip.x).hasPrefix("120   121"))
  }

  @Test func wrongOutputBitsAreDrawnInTheErrorColour() throws {
    let s = try ViewerFixture.copyState().pressing(.end)
    let theme = ViewerFixture.color256
    let grid = s.rendered(theme: theme)
    let layout = try #require(ViewerScreen.layout(s, size: ViewerFixture.full))
    let panel = try #require(layout.sequence)
    let x0 = panel.x + 1 + 4  // border, then the "out" label column
    let outRow = try #require(grid.row(startingWith: "out", atX: panel.x + 1))
    let errorColor = theme.error.background
    var wrong = 0
    var right = 0
    for t in 0..<s.episode.length {
      for k in 0..<s.episode.targets[0].count {
        let cell = grid[x0 + t, outRow + k / 2]
        let color = k.isMultiple(of: 2) ? cell.foreground : cell.background
        let output = s.records[t].output[k]
        if s.episode.scored[t] && (output > 0.5) != (s.episode.targets[t][k] > 0.5) {
          wrong += 1
          #expect(color == errorColor, "step \(t) bit \(k): \(output) vs \(s.episode.targets[t][k])")
        } else if s.episode.scored[t] {
          right += 1
          #expect(color == theme.color(for: output, scale: .sequential()), "step \(t) bit \(k)")
          #expect(color != errorColor)
        } else {
          // Outputs on unscored steps are drawn in greys: they are not answers.
          #expect(color == .grey(4 + Int(output * 10)), "step \(t) bit \(k)")
        }
      }
    }
    // The untrained model gets some bits right and some wrong; the header counts the same.
    #expect(wrong > 0 && right > 0)
    #expect(grid.lines()[0].contains(" \(wrong) wrong"))
    #expect(Int(s.costSoFar.bitErrors) == wrong)

    // Monochrome marks them in reverse video instead.
    let mono = s.rendered(theme: Theme(colorMode: .monochrome, glyphs: .unicode))
    for t in 0..<s.episode.length where s.episode.scored[t] {
      for pair in 0..<(s.episode.targets[0].count / 2) {
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
    let window = MemoryPanel(state: s, reduced: false).window(in: strip)
    let cells = window.axis.cellsPerIndex
    let headRow = try #require(s.rendered().row(startingWith: "write0 @", atX: strip.x - 16))
    func click(_ state: ViewerState, _ x: Int, _ y: Int, _ button: MouseButton = .left) throws -> ViewerState
    {
      try state.clicking(x: x, y: y, button: button, size: size)
    }
    // Every column of a wide location selects it.
    let target = window.location(at: 3)
    for column in (3 * cells)..<(4 * cells) {
      #expect(ViewerScreen.location(atX: strip.x + column, y: headRow, state: s, size: size) == target)
    }
    let clicked = try click(s, strip.x + 3 * cells + 1, headRow)
    #expect(clicked.cursor == target)
    let grid = clicked.rendered()
    #expect(grid.lines()[strip.maxY - 1].dropFirst(strip.x + 3 * cells).hasPrefix("▲\(target)"))
    #expect(grid.text.contains("loc \(target):"))
    // The heatmap's cursor line runs down the middle of that location's columns.
    #expect(grid[strip.x + 3 * cells + (cells - 1) / 2, strip.y + 2].character == "│")
    #expect(grid[strip.x + 3 * cells, strip.y + 2].character != "│")
    // The clicked location stays under the mouse: the view does not move.
    #expect(MemoryPanel(state: clicked, reduced: false).window(in: strip).start == window.start)

    // Label column, header, footer and other buttons leave the cursor alone.
    #expect(ViewerScreen.location(atX: strip.x - 1, y: headRow, state: s, size: size) == nil)
    #expect(try click(clicked, strip.x + 5, 0).cursor == target)
    #expect(try click(clicked, strip.x + 5, 38).cursor == target)
    #expect(try click(clicked, strip.x + 5, headRow, .right).cursor == target)
    #expect(ViewerScreen.location(atX: 10, y: 10, state: s, size: Size(width: 60, height: 20)) == nil)

    // Moving the cursor out of the window scrolls it by the least amount, and a click there
    // keeps the view.
    let far = try s.pressing(.character("L"), times: 6)
    #expect(far.cursor == 48)
    let farWindow = MemoryPanel(state: far, reduced: false).window(in: strip)
    #expect(farWindow.displayIndex(of: 48) == farWindow.count - 1)
    let picked = try click(far, strip.x, headRow)
    #expect(picked.cursor == farWindow.location(at: 0))
    #expect(MemoryPanel(state: picked, reduced: false).window(in: strip).start == farWindow.start)
    // Zoomed out to the whole memory: two locations per column, and past them no location.
    let whole = try s.pressing(.character("z"), times: 4)
    let wholeWindow = MemoryPanel(state: whole, reduced: false).window(in: strip)
    #expect(wholeWindow.count == 128 && wholeWindow.axis.indicesPerCell == 2)
    #expect(try click(whole, strip.x + 10, headRow).cursor == wholeWindow.location(at: 20))
    #expect(ViewerScreen.location(atX: strip.x + 80, y: headRow, state: whole, size: size) == nil)
  }

  @Test func inspectorShowsTheCursorsLocationFromTheStepRecord() throws {
    let s = try ViewerFixture.copyState().pressing(.right, times: 6).pressing(.character("l"), times: 5)
      .pressing(.tab)
    let record = s.run.ntmRecords[try #require(s.shownStep)]
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
    let w = initial.weightings
    let line = initial.rendered().lines()[38].trimmingSpaces
    #expect(line.hasPrefix("loc 0: M = [0.00 0.00"))
    #expect(line.hasSuffix("· write0 \(f(w[0][0], 3)) · read0 \(f(w[1][0], 3))"))
  }
}

/// The footer's first line as the viewer should draw it: the selected head's addressing
/// sentence from the library's summary, cut with an ellipsis to the width.
private func footerLine(_ s: ViewerState, width: Int) -> String {
  let head = s.run.ntmRecords[s.shownStep!].heads[s.selectedHead]
  let text = "\(head.id): " + AddressingSummary(head.addressing, shifts: s.run.shifts).sentence
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
        #expect(text.contains("Memory "))
      }
      s = try s.pressing(.right)
    }
    // The timeline's location ranges (under "write" and "read") lie inside the memory.
    let grid = s.rendered()
    let layout = try #require(ViewerScreen.layout(s, size: ViewerFixture.full))
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
