import NTM
import Testing

@testable import NTMTerminal

/// The viewer as a debugger: jumping to wrong bits, to a step or a condition, breakpoints for
/// play, the head health panel, per-head timelines and the comparison of two models. Every
/// step and number is checked against the library's `RecordedRun`.
@Suite("Viewer as a debugger")
struct ViewerDebuggerTests {
  @Test func nAndNVisitEveryStepWithAWrongBitInOrder() throws {
    var s = try ViewerFixture.copyState()
    let errors = (0..<s.run.length).filter { s.run.wrongBits[$0] > 0 }
    #expect(errors.count > 2, "the untrained model should make errors")
    for t in errors {
      s = try s.pressing(.character("n"))
      #expect(s.shownStep == t)
      #expect(
        s.message == "t = \(t): \(s.run.wrongBits[t]) wrong output bit\(s.run.wrongBits[t] == 1 ? "" : "s")")
    }
    let last = s
    s = try s.pressing(.character("n"))
    #expect(s.shownStep == errors.last && s.message == "no wrong output bit after t = \(errors.last!)")
    for t in errors.reversed().dropFirst() {
      s = try s.pressing(.character("N"))
      #expect(s.shownStep == t)
    }
    #expect(try s.pressing(.character("N")).message == "no wrong output bit before t = \(errors.first!)")
    #expect(last.rendered().lines()[0].contains("t = \(errors.last!)/20"))
  }

  @Test func colonGoesToAStepOrToWhereAConditionHolds() throws {
    let s = try ViewerFixture.copyState()
    func typing(_ text: String, into state: ViewerState) throws -> ViewerState {
      var t = try state.pressing(.character(":"))
      #expect(t.prompt == "")
      for c in text { t = try t.pressing(.character(c)) }
      #expect(t.rendered().lines()[39].hasPrefix(":" + text + "▏"))
      return try t.pressing(.enter)
    }
    let fourteen = try typing("14", into: s)
    #expect(fourteen.shownStep == 14 && fourteen.prompt == nil)
    // A condition searches forward from the step after the one shown.
    let condition = try StepCondition(parsing: "read0.entropy>1")
    let expected = s.run.firstStep(where: condition, from: 15)
    let found = try typing("read0.entropy>1", into: fourteen)
    #expect(found.shownStep == (expected ?? 14))
    if let expected {
      #expect(found.message == "t = \(expected): \(condition.explanation(in: s.run, at: expected)!)")
    }
    #expect(try typing("first-error", into: s).shownStep == s.run.firstStep(where: .wrongBit))
    #expect(try typing("start", into: fourteen).time == 0)
    // Bad input says what is wrong and stays put; escape and backspace edit or cancel.
    let bad = try typing("read0.blur>1", into: fourteen)
    #expect(bad.shownStep == 14 && bad.message?.contains("unknown measure 'blur'") == true)
    #expect(try typing("99", into: s).message == "'99': the run has steps 0…20")
    let cancelled = try s.pressing(.character(":"), .character("5"), .escape)
    #expect(cancelled.prompt == nil && cancelled.time == 0)
    let edited = try s.pressing(.character(":"), .character("5"), .backspace, .character("7"), .enter)
    #expect(edited.shownStep == 7)
  }

  @Test func goingToATargetFromTheCommandLine() throws {
    var s = try ViewerFixture.copyState()
    s.go(to: .first(.wrongBit), searchingFrom: 0)
    #expect(s.shownStep == s.run.firstStep(where: .wrongBit))
    s.go(to: .first(try StepCondition(parsing: "read0.weight>2")), searchingFrom: 0)
    #expect(s.message == "'read0.weight>2': never holds in this run")
    s.go(to: .first(try StepCondition(parsing: "read7.g>0")), searchingFrom: 0)
    #expect(s.message == "'read7.g>0': no head 'read7' in this run; its heads are write0, read0")
  }

  @Test func playStopsAtABreakpointAndSaysWhy() throws {
    var s = try ViewerFixture.copyState().pressing(.tab, .character("b"))
    #expect(s.breakpointMenu != nil && !s.playing)
    let menu = s.rendered().text
    #expect(menu.contains("Breakpoints: play stops where one holds"))
    #expect(menu.contains("[ ] a wrong output bit"))
    #expect(menu.contains("[ ] read0's entropy above 1.0 bits"))
    // Select "entropy above", raise the threshold to 1.5, toggle it on, close the menu.
    s = try s.pressing(.down, .down, .right, .character(" "), .escape)
    let condition = try StepCondition(parsing: "read0.entropy>1.5")
    #expect(s.breakpoints == [condition])
    #expect(s.rendered().lines()[0].contains("● 1"))
    s = try s.pressing(.character(" "))
    var ticks = 0
    while s.playing && ticks < 100 {
      s = try #require(s.updated(by: .tick))
      ticks += 1
    }
    let expected = s.run.firstStep(where: condition)
    #expect(s.shownStep == (expected ?? s.run.length - 1))
    if let expected {
      #expect(
        s.message
          == "stopped at t = \(expected), breakpoint read0.entropy>1.5: \(condition.explanation(in: s.run, at: expected)!)"
      )
    }
    // x in the menu clears every breakpoint.
    #expect(try s.pressing(.character("b"), .character("x"), .escape).breakpoints.isEmpty)
  }

  @Test func healthPanelShowsEveryMeasureOfTheSelectedHead() throws {
    let s = try ViewerFixture.copyState().pressing(.right, times: 12).pressing(.tab, .character("w"))
    let grid = s.rendered()
    let layout = try #require(ViewerScreen.layout(s, size: ViewerFixture.full))
    let panel = try #require(layout.timeline)
    let lines = grid.lines()
    #expect(lines[panel.y].contains("Head health · tab: next head"))
    #expect(lines[panel.y + 1].dropFirst(panel.x + 1).hasPrefix("read0"))
    let t = 11
    for (k, measure) in s.run.measures[t][1].enumerated() {
      let y = panel.y + 2 + k
      let label = String(lines[y].dropFirst(panel.x + 1).prefix(HealthPanel.labelWidth - 1))
      #expect(label.hasPrefix(measure.symbol))
      #expect(label.hasSuffix(HealthPanel.format(measure.value, kind: measure.kind)), "\(label)")
      // The bar at each step is the library's value on the row's scale.
      let series = s.run.measures.map { $0[1][k].value }
      let range = HealthPanel.range(of: measure.kind, series: series)
      #expect(lines[y].contains(range.text), "\(measure.symbol): no scale")
      for step in 0..<s.run.length {
        let cell = grid[panel.x + 1 + HealthPanel.labelWidth + step, y]
        #expect(
          cell.character
            == HealthPanel.cell(series[step], kind: measure.kind, range: range, theme: ViewerFixture.color256)
            .character)
      }
    }
    #expect(lines[panel.maxY - 2].contains("t = 11"))
    #expect(grid[panel.x + 1 + HealthPanel.labelWidth + t, panel.maxY - 2].character == "▲")
    // w goes back to the weightings.
    #expect(try s.pressing(.character("w")).rendered().text.contains("Weightings over time"))
    // At 80×24 the panel beside the sequence is left out, and w says so rather than nothing.
    let small = try ViewerFixture.copyState().pressing(.character("w"), size: ViewerFixture.small)
    #expect(small.message?.contains("needs a terminal of 110×36") == true)
    #expect(small.rendered(ViewerFixture.small).text.contains("needs a terminal of 110×36"))
    // A run longer than the panel scrolls its bars and keeps every row's scale.
    let long = try ViewerFixture.copyState(size: 40).pressing(.right, times: 50).pressing(
      .tab, .character("w"))
    let longLines = long.rendered().lines()
    for (k, measure) in long.run.measures[0][1].enumerated() {
      let series = long.run.measures.map { $0[1][k].value }
      let text = HealthPanel.range(of: measure.kind, series: series).text
      #expect(longLines[panel.y + 2 + k].contains(text), "\(measure.symbol): no scale on a long run")
    }
  }

  @Test func healthBarsReadTheirScales() {
    let theme = ViewerFixture.color256
    let fraction = HealthPanel.range(of: .fraction, series: [0, 1])
    #expect(HealthPanel.cell(1, kind: .fraction, range: fraction, theme: theme).character == "█")
    #expect(HealthPanel.cell(0.5, kind: .fraction, range: fraction, theme: theme).character == "▄")
    #expect(
      HealthPanel.cell(.nan, kind: .fraction, range: fraction, theme: theme).character
        == theme.glyphs.notANumber)
    // Focus is read round the circle: 127 and 0 are neighbours, the bottom and next row up.
    let focus = HealthPanel.range(of: .location(count: 128), series: [126, 127, 0, 1])
    #expect(focus.text == "126–1")
    #expect(HealthPanel.cell(126, kind: .location(count: 128), range: focus, theme: theme).character == "▁")
    #expect(HealthPanel.cell(1, kind: .location(count: 128), range: focus, theme: theme).character == "█")
    let width = HealthPanel.range(of: .locations(maximum: 128), series: [1])
    #expect(width.text == "1–128 log")
    #expect(
      HealthPanel.cell(128, kind: .locations(maximum: 128), range: width, theme: theme).character == "█")
    #expect(HealthPanel.cell(1, kind: .offset(-1...1), range: width, theme: theme).character == "›")
    #expect(HealthPanel.cell(-1, kind: .offset(-1...1), range: width, theme: theme).character == "‹")
  }

  @Test func theTimelineHasARowGroupPerHead() throws {
    let s = try ViewerFixture.copyState(configure: {
      $0.readHeads = 2
      $0.writeHeads = 2
    }).pressing(.right, times: 6)
    let grid = s.rendered()
    let panel = try #require(ViewerScreen.layout(s, size: ViewerFixture.full)?.timeline)
    let labels = (panel.y + 1..<panel.maxY - 1).map {
      String(grid.lines()[$0].dropFirst(panel.x + 1).prefix(8))
    }
    let names = labels.filter { $0.hasPrefix("write") || $0.hasPrefix("read") }.map { $0.trimmingSpaces }
    #expect(names == ["write0", "write1", "read0", "read1"])
    #expect(grid.lines()[panel.maxY - 2].dropFirst(panel.x + 1).hasPrefix("w 0.00"))
  }

  @Test func anUntouchedMemoryLooksEmptyAndTheLegendSaysSo() throws {
    let s = try ViewerFixture.copyState()
    let grid = s.rendered()
    let strip = try #require(stripArea(s, ViewerFixture.full))
    #expect(grid.lines()[strip.y].contains("M(i, j) −0.10"))
    #expect(grid.lines()[strip.y].contains(" 0.10"))
    let white = Palette.diverging256[Palette.diverging256.count / 2]
    for y in (strip.y + 1)..<(strip.y + 4) {
      for x in strip.x..<strip.maxX where grid[x, y].character == " " {
        #expect(grid[x, y].background == white, "(\(x), \(y))")
      }
    }
    // After writes the scale follows the largest value (once above the minimum), symmetric
    // about zero.
    for later in [try s.pressing(.right, times: 5), try s.pressing(.end)] {
      let limit = max(later.memory.values.map(abs).max()!, MemoryPanel.minimumRange)
      let text = NumberFormat.fixed(limit, decimals: 2)
      let legend = later.rendered().lines()[strip.y]
      #expect(legend.contains("M(i, j) −\(text) ") && legend.contains(" \(text) "), "\(legend)")
    }
  }

  @Test func theMemoryWindowCropsAcrossTheSeamAndEnlargesCells() {
    // A head that walked 0, 127, …, 120: eight locations across the seam.
    let used = LocationSpan(covering: [0, 120, 121, 122, 123, 124, 125, 126, 127], locations: 128)
    #expect(used == LocationSpan(start: 120, count: 9, locations: 128))
    let window = MemoryWindow(
      locations: 128, width: 102, used: used, zoom: 0, keepInView: 0, previousStart: nil)
    #expect(window.count == 17 && window.axis.cellsPerIndex == 6)
    #expect((0..<window.count).map(window.location(at:)) == Array(116...127) + Array(0...4))
    #expect(window.displayIndex(of: 0) == 12 && window.displayIndex(of: 60) == nil)
    // Keeping a location in view moves the window the short way round.
    var moved = window
    moved.scroll(toShow: 10)
    #expect(moved.start == 122 && moved.displayIndex(of: 10) == 16)
    moved.scroll(toShow: 100)
    #expect(moved.start == 100)
    // Zoomed out: the whole memory, two locations a column; in: fewer, wider.
    let out = MemoryWindow(
      locations: 128, width: 102, used: used, zoom: -3, keepInView: nil, previousStart: nil)
    #expect(out.count == 128 && out.axis.indicesPerCell == 2)
    let closer = MemoryWindow(
      locations: 128, width: 102, used: used, zoom: 1, keepInView: nil, previousStart: nil)
    #expect(closer.axis.cellsPerIndex == 12 && closer.count == 8)
    // A memory smaller than the strip is shown whole.
    let small = MemoryWindow(
      locations: 8, width: 102, used: LocationSpan(start: 0, count: 1, locations: 8), zoom: 0,
      keepInView: nil, previousStart: nil)
    #expect(small.count == 8 && small.axis.cellsPerIndex == 12)
  }

  @Test func theSequenceShowsTheTasksMarksAndDimsUnscoredOutputs() throws {
    let s = try ViewerFixture.copyState().pressing(.right, times: 13)
    let grid = s.rendered()
    let panel = try #require(ViewerScreen.layout(s, size: ViewerFixture.full)?.sequence)
    let bottom = grid.lines()[panel.maxY - 1]
    #expect(bottom.dropFirst(panel.x + 5).hasPrefix("1234567890|1234567890"))
    // The shown step's mark is in reverse: output 3 at t = 12.
    #expect(grid[panel.x + 5 + 12, panel.maxY - 1].character == "2")
    #expect(grid[panel.x + 5 + 12, panel.maxY - 1].attributes.contains(.reverse))
    #expect(grid.lines()[37].hasPrefix("t = 12: output 2 of 10: input 2"))
  }

  /// At 120×40 every grid of every task is on screen, with the task's own extra rows.
  @Test(arguments: TaskName.allNames)
  func everyGridOfEveryTaskIsVisibleAt120x40(name: String) throws {
    let task = try makeTask(named: name)
    let s = try ViewerState(model: ViewerFixture.untrainedModel(for: task), task: task).pressing(
      .right, times: 3)
    let grid = s.rendered()
    let panel = try #require(ViewerScreen.layout(s, size: ViewerFixture.full)?.sequence)
    let labels = (panel.y..<panel.maxY).map {
      String(grid.lines()[$0].dropFirst(panel.x + 1).prefix(4)).trimmingSpaces
    }
    for label in ["in", "tgt", "out"] { #expect(labels.contains(label), "\(name): \(label) missing") }
    if name == "dynamic-ngrams" { #expect(labels.contains("opt")) }
    if name == "balanced-parentheses" { #expect(labels.contains("dep")) }
    // The header keeps the cost and the wrong bits at 120 columns, whatever the model's name.
    var long = s
    var model = s.model!
    model.label = "shipped \(name) model with a long description"
    model.sequencesSeen = 123_456
    long.source = .model(model, task: task)
    let header = long.rendered().lines()[0]
    let cost = s.costSoFar
    #expect(
      header.contains(
        "cost \(NumberFormat.fixed(Float(cost.bits), decimals: 2)) bits · \(Int(cost.bitErrors)) wrong"))
  }

  @Test func comparingTwoModelsShowsWhereTheyPart() throws {
    let task = try makeTask(named: "copy")
    var s = try ViewerFixture.copyState()
    s.compare(with: ViewerFixture.untrainedModel(for: task, seed: 2))
    let comparison = try #require(s.comparison)
    let result = try #require(comparison.result)
    let other = try #require(comparison.run)
    #expect(
      bitPatterns(other.records)
        == bitPatterns(comparison.model.parameters.run(inputs: s.episode.inputs)))
    let (t, what) = try #require(result.firstDivergence)
    let end = try s.pressing(.end)
    let text = end.rendered().text
    #expect(text.contains("Compare A ↔ B"))
    #expect(text.contains("first divergence t = \(t): \(what)"))
    #expect(end.rendered().lines()[0].contains("B: \(Int(other.cost(through: 20).bitErrors)) wrong"))
    // c hides and shows it; a new sequence runs B on it too.
    #expect(try end.pressing(.character("c")).rendered().text.contains("Weightings over time"))
    let next = try end.pressing(.character("r"))
    #expect(next.comparison?.run?.episode == next.episode)
    // The same model twice never diverges.
    var same = try ViewerFixture.copyState()
    same.compare(with: same.model!)
    #expect(same.comparison?.result?.firstDivergence == nil)
    #expect(try same.pressing(.end).rendered().text.contains("A and B agree on every step"))
    // Foci are compared only between memories of one size; otherwise the panel says so.
    #expect(text.contains("Δread0"))
    var sized = try ViewerFixture.copyState()
    sized.compare(with: ViewerFixture.untrainedModel(for: task, seed: 2) { $0.memoryLocations = 32 })
    let sizedText = try sized.pressing(.end).rendered().text
    #expect(sizedText.contains("foci not compared: A has 128 locations, B 32"))
    #expect(!sizedText.contains("Δread0") && sizedText.contains("≠ bits"))
  }
}

/// A replayed trace on screen: the steps as recorded, no model to run.
@Suite("Viewer replaying a trace")
struct ViewerTraceTests {
  /// Two heads on 8 locations, only the final weightings recorded (a foreign trace's minimum).
  static func replayed() throws -> ViewerState {
    let lines: [String] = (0..<5).map { t in
      let w = (0..<8).map { $0 == t ? "0.9" : "0.0142857" }.joined(separator: ",")
      let r = (0..<8).map { $0 == (t + 7) % 8 ? "0.9" : "0.0142857" }.joined(separator: ",")
      let memory = (0..<8).map { i in "[\(i <= t ? "0.5" : "0"),0]" }.joined(separator: ",")
      let output = t == 3 ? "[0.2]" : "[0.8]"
      return
        "{\"t\":\(t),\"input\":[1],\"output\":\(output),\"target\":[1],\"memory\":[\(memory)],\"heads\":[{\"head\":\"write0\",\"weighting\":[\(w)]},{\"head\":\"read0\",\"weighting\":[\(r)]}]}"
    }
    let replay = try TraceReader.read(lines.joined(separator: "\n"), source: "foreign.jsonl")
    return ViewerState(trace: replay.run, name: "foreign.jsonl", task: replay.task)
  }

  @Test func aTraceWithoutAddressingIsSteppedAndSearched() throws {
    var s = try Self.replayed()
    #expect(s.model == nil && s.task == nil)
    s = try s.pressing(.character("n"))
    #expect(s.shownStep == 3 && s.message == "t = 3: 1 wrong output bit")
    let text = s.rendered().text
    #expect(s.rendered().lines()[0].hasPrefix(" NTM  trace · replayed from foreign.jsonl │ t = 3/4"))
    #expect(text.contains("addressing: this trace holds only the final weightings"))
    #expect(text.contains("write0: at location 3 with weight 0.90 (the trace has no addressing stages)"))
    // The health panel has the measures a weighting gives, no more.
    let health = try s.pressing(.character("w")).rendered().text
    for symbol in ["focus", "max w", "H bits", "width"] { #expect(health.contains(symbol)) }
    #expect(!health.contains("γ "))
    // Keys that need a model say so and change nothing.
    for key in ["r", "t", "]", "e", "m"] {
      let pressed = try s.pressing(.character(Character(key)))
      #expect(pressed.message == "a replayed trace is one fixed sequence: r, [, ], e, t and m need a model")
      #expect(pressed.episode == s.episode && pressed.editing == nil)
    }
    // Every screen size and theme renders it.
    for theme in Theme.all {
      for size in [ViewerFixture.full, ViewerFixture.small] {
        #expect(s.rendered(size, theme: theme).size == size)
      }
    }
  }
}
