import NTM
import Testing

@testable import NTMTerminal

/// The viewer's state and its key handling, on an untrained copy model made here: every number
/// is checked against the library (`Machine.run`), never against the viewer itself.
@Suite("Viewer state and keys")
struct ViewerStateTests {
  @Test func fiveStepsForwardShowStepFive() throws {
    let s = try ViewerFixture.copyState().pressing(.right, times: 5)
    #expect(s.time == 5)
    #expect(s.episode.length == 21)
    #expect(s.current?.time == 4)
    #expect(s.rendered().lines()[0].contains("step 5/21"))
    // "." steps forward too.
    #expect(try s.pressing(.character(".")).time == 6)
  }

  @Test func stepsMatchTheLibraryBitForBit() throws {
    let s = try ViewerFixture.copyState().pressing(.end)
    #expect(s.time == s.episode.length)
    let expected = Machine.run(s.model.parameters, inputs: s.episode.inputs)
    #expect(s.records.count == expected.count)
    for (record, reference) in zip(s.records, expected) {
      #expect(bitPatterns(record) == bitPatterns(reference), "step \(record.time)")
    }
  }

  @Test func stepBackRestoresThePreviousStepExactly() throws {
    let four = try ViewerFixture.copyState().pressing(.right, times: 4)
    let five = try four.pressing(.right)
    let back = try five.pressing(.left)
    #expect(back.time == 4)
    let record = try #require(back.current)
    let saved = try #require(four.current)
    #expect(record == saved)
    #expect(bitPatterns(record) == bitPatterns(saved))
    #expect(bitPatterns(back.machineState) == bitPatterns(four.machineState))
    #expect(back.machineState.memory.values.map(\.bitPattern) == saved.memoryAfter.values.map(\.bitPattern))
    #expect(back.rendered().lines()[0].contains("step 4/21"))
    // "," steps back too; at t = 0 it stays there.
    #expect(try back.pressing(.character(",")).time == 3)
    #expect(try ViewerFixture.copyState().pressing(.left).time == 0)
  }

  @Test func steppingAgainReproducesTheSameRecords() throws {
    let first = try ViewerFixture.copyState().pressing(.right, times: 8)
    // Back and forth, to the start and forward again, to the end and back.
    var s = try first.pressing(.left, times: 3)
    s = try s.pressing(.right, .right, .left, .right, .right)
    #expect(s.time == 8)
    #expect(bitPatterns(s.current!) == bitPatterns(first.current!))
    s = try s.pressing(.home).pressing(.right, times: 8)
    #expect(bitPatterns(Array(s.records.prefix(8))) == bitPatterns(Array(first.records.prefix(8))))
    #expect(bitPatterns(s.machineState) == bitPatterns(first.machineState))
    // A fresh state recomputing everything agrees too: no drift through saved states.
    let fresh = try ViewerFixture.copyState().pressing(.end)
    s = try s.pressing(.end).pressing(.left, times: 10).pressing(.right, times: 10)
    #expect(bitPatterns(s.records) == bitPatterns(fresh.records))
    #expect(bitPatterns(s.machineState) == bitPatterns(fresh.machineState))
  }

  @Test func jumpToStartAndEnd() throws {
    let s = try ViewerFixture.copyState()
    let end = try s.pressing(.end)
    #expect(end.time == 21 && end.atEnd)
    #expect(end.rendered().lines()[0].contains("step 21/21 · output"))
    let start = try end.pressing(.home)
    #expect(start.time == 0 && start.current == nil)
    #expect(bitPatterns(start.machineState) == bitPatterns(Machine.initialState(s.model.parameters)))
    #expect(try s.pressing(.character("G")).time == 21)
    #expect(try end.pressing(.character("g")).time == 0)
    // At the end, stepping forward does nothing.
    #expect(try end.pressing(.right).time == 21)
  }

  @Test func playAdvancesOnTicksAndStopsAtTheEnd() throws {
    var s = try ViewerFixture.copyState()
    // Ticks while paused do nothing.
    s = try #require(s.updated(by: .tick))
    #expect(s.time == 0)
    s = try s.pressing(.character(" "))
    #expect(s.playing)
    #expect(s.rendered().lines()[0].contains("▶"))
    for t in 1...21 {
      s = try #require(s.updated(by: .tick))
      #expect(s.time == t)
    }
    #expect(!s.playing)
    #expect(s.atEnd)
    s = try #require(s.updated(by: .tick))
    #expect(s.time == 21)
    // Space at the end starts again from the beginning.
    s = try s.pressing(.character(" "))
    #expect(s.playing && s.time == 0)
    s = try #require(s.updated(by: .tick))
    #expect(s.time == 1)
    // Space pauses; speed keys double and halve within 0.5…64 steps per second.
    s = try s.pressing(.character(" "))
    #expect(!s.playing)
    #expect(try s.pressing(.character("+")).speed == 8)
    #expect(try s.pressing(.character("-")).speed == 2)
    #expect(try s.pressing(.character("+"), times: 10).speed == 64)
    #expect(try s.pressing(.character("-"), times: 10).speed == 0.5)
  }

  @Test func newSequenceChangesTheEpisode() throws {
    let s = try ViewerFixture.copyState().pressing(.right, times: 3)
    let next = try s.pressing(.character("r"))
    #expect(next.sequenceSeed == s.sequenceSeed + 1)
    #expect(next.episode != s.episode)
    #expect(next.size == s.size)
    #expect(next.time == 0 && next.records.isEmpty)
    var rng = SeededGenerator(seed: s.sequenceSeed + 1)
    #expect(next.episode == s.task.episode(size: s.size, using: &rng))
  }

  @Test func longerAndShorterStayWithinTheValidSizes() throws {
    let s = try ViewerFixture.copyState()
    #expect(s.size == 10)
    let longer = try s.pressing(.character("]"))
    #expect(longer.size == 11 && longer.episode.length == 23)
    #expect(longer.rendered().lines()[0].contains("length 11"))
    let shorter = try s.pressing(.character("["), times: 2)
    #expect(shorter.size == 8 && shorter.episode.length == 17)
    // Same seed: the shorter sequence is drawn from the same generator state.
    var rng = SeededGenerator(seed: s.sequenceSeed)
    #expect(shorter.episode == s.task.episode(size: 8, using: &rng))
    let one = try ViewerFixture.copyState(size: 1)
    let clamped = try one.pressing(.character("["))
    #expect(clamped.size == s.task.validSizes.lowerBound)
    #expect(clamped.episode == one.episode)
  }

  @Test func switchingTaskChangesTaskAndModelConsistently() throws {
    var s = try ViewerFixture.copyState().pressing(.right, times: 3)
    for name in TaskName.allNames.dropFirst() + ["copy"] {
      s = try s.pressing(.character("t"))
      #expect(s.task.name == name)
      #expect(s.model.taskName == name)
      #expect(!s.model.isTrained)
      #expect(s.model.label == "untrained (seed 1)")
      #expect(s.configuration.inputWidth == s.task.inputWidth)
      #expect(s.configuration.outputWidth == s.task.outputWidth)
      #expect(s.task.trainingSizes.contains(s.size))
      #expect(s.time == 0 && s.records.isEmpty)
      #expect(s.episode.inputs.allSatisfy { $0.count == s.task.inputWidth })
      #expect(s.message?.contains("switched to \(name)") == true)
      let header = s.rendered().lines()[0]
      #expect(header.contains(" \(name) · untrained (seed 1), NOT TRAINED"))
      // It steps and renders in the new task.
      let stepped = try s.pressing(.right, times: 3)
      #expect(stepped.current?.input == s.episode.inputs[2])
      #expect(stepped.rendered().text.contains("Memory Mₜ after step 2"))
    }
  }

  @Test func switchingToAShippedModelClampsHeadAndCursor() throws {
    let repeatCopy = try makeTask(named: "repeat-copy")
    var shipped = ViewerFixture.untrainedModel(for: repeatCopy) { $0.memoryLocations = 32 }
    shipped.label = "shipped repeat-copy model"
    shipped.sequencesSeen = 1000
    // Two read heads here: select the third head (read1), and a location past 32.
    var s = try ViewerFixture.copyState(
      configure: { $0.readHeads = 2 }, modelsByTask: ["repeat-copy": shipped])
    s = try s.pressing(.tab, .tab).pressing(.character("L"), times: 13)
    #expect(s.selectedHead == 2 && s.cursor == 104)
    s = try s.pressing(.character("t"))
    #expect(s.task.name == "repeat-copy" && s.model.isTrained)
    #expect(s.selectedHead == 1)
    #expect(s.cursor == 31)
    let header = s.rendered().lines()[0]
    #expect(header.contains("shipped repeat-copy model, trained on 1000 sequences"))
    #expect(!header.contains("NOT TRAINED"))
    let stepped = try s.pressing(.right)
    #expect(stepped.rendered().text.contains("loc 31:"))
  }

  @Test func tabCyclesHeads() throws {
    let s = try ViewerFixture.copyState(configure: { $0.readHeads = 2 })
    #expect(s.headCount == 3)
    #expect(try s.pressing(.tab).selectedHead == 1)
    #expect(try s.pressing(.tab, .tab).selectedHead == 2)
    #expect(try s.pressing(.tab, times: 3).selectedHead == 0)
    #expect(try s.pressing(.backTab).selectedHead == 2)
    // The footer's addressing sentence follows the selected head.
    let stepped = try s.pressing(.right, .tab, .tab)
    let footer = stepped.rendered().lines()[37]
    #expect(footer.hasPrefix("read1: "))
  }

  @Test func cursorKeysMoveTheInspectorAndMemoryScrolls() throws {
    let s = try ViewerFixture.copyState()
    #expect(try s.pressing(.character("h")).cursor == 0)
    #expect(try s.pressing(.character("l"), times: 3).cursor == 3)
    #expect(try s.pressing(.character("L"), .character("h")).cursor == 7)
    #expect(try s.pressing(.character("L"), times: 20).cursor == 127)
    #expect(try s.pressing(.character("L"), times: 20).pressing(.character("H")).cursor == 119)

    // 120 columns leave 102 for locations: 0–101 at first, scrolled to keep the cursor in view.
    let start = s.rendered()
    #expect(start.text.contains("locations 0–101"))
    let end = try s.pressing(.character("L"), times: 16)
    let grid = end.rendered()
    #expect(grid.text.contains("locations 26–127"))
    #expect(grid.text.contains("loc 127:"))
    let strip = try #require(stripArea(end, ViewerFixture.full))
    let axis = grid.lines()[strip.maxY - 1]
    #expect(axis.dropFirst(strip.maxX - 1).first == "▲")
    // Back to 31: still in view, no scroll; to 23: scrolls left by the least amount.
    let back = try end.pressing(.character("H"), times: 12)
    #expect(back.cursor == 31)
    #expect(back.rendered().text.contains("locations 26–127"))
    #expect(try back.pressing(.character("H")).rendered().text.contains("locations 23–124"))
  }

  /// A head focused near the end of memory stays in view while stepping; moving the cursor
  /// hands the view back to the cursor, and the next step to the head.
  @Test func memoryViewFollowsTheSelectedHeadUntilTheCursorMoves() throws {
    let task = try makeTask(named: "copy")
    var model = ViewerFixture.untrainedModel(for: task)
    // The write head starts focused on location 120 instead of 0.
    let logits = model.parameters.layout.offset("write0.initialWeighting")
    model.parameters.values[logits] = 0
    model.parameters.values[logits + 120] = 10
    let s = ViewerState(model: model, task: task, seed: 1, size: nil, modelsByTask: [:])
    #expect(s.rendered().text.contains("locations 0–101"))
    let stepped = try s.pressing(.right)
    let focus = try #require(stepped.selectedFocus)
    #expect((102..<128).contains(focus))
    // Scrolled by the least amount that shows the focus.
    #expect(stepped.rendered().text.contains("locations \(focus - 101)–\(focus)"))
    let cursor = try stepped.pressing(.character("l"))
    #expect(cursor.cursor == 1 && cursor.rendered().text.contains("locations 1–102"))
    let again = try cursor.pressing(.right)
    let next = try #require(again.selectedFocus)
    #expect(next > 102 && again.rendered().text.contains("–\(next)"))
  }

  @Test func zoomKeysCycleThroughTheZoomLevels() throws {
    let s = try ViewerFixture.copyState()
    #expect(s.zoom == 1)
    let outs = try (1...5).map { try s.pressing(.character("z"), times: $0).zoom }
    #expect(outs == [2, 4, 8, 0, 0])
    let fit = try s.pressing(.character("z"), times: 4)
    let ins = try (1...5).map { try fit.pressing(.character("Z"), times: $0).zoom }
    #expect(ins == [8, 4, 2, 1, 1])
    #expect(try s.pressing(.character("z")).rendered().text.contains("locations 0–127 (2 per column, max)"))
    #expect(try s.pressing(.character("z"), times: 3).rendered().text.contains("(8 per column, max)"))
    // Fitting 128 locations in 102 columns takes 2 per column.
    #expect(fit.rendered().text.contains("locations 0–127 (2 per column, max)"))
  }

  @Test func panelTogglesHideAndShowPanels() throws {
    let s = try ViewerFixture.copyState().pressing(.right)
    let titles: [(Key, String)] = [
      (.character("1"), "─ Sequence ─"), (.character("2"), "Weightings over time"),
      (.character("3"), "Heads and controller"), (.character("4"), "wᶜ  β="),
    ]
    let all = s.rendered().text
    for (_, title) in titles { #expect(all.contains(title)) }
    for (key, title) in titles {
      let hidden = try s.pressing(key)
      let text = hidden.rendered().text
      #expect(!text.contains(title), "\(key) should hide \(title)")
      for (_, other) in titles where other != title { #expect(text.contains(other)) }
      #expect(try hidden.pressing(key).rendered().text == all)
    }
    // With all three upper panels hidden, memory takes their rows.
    let bare = try s.pressing(.character("1"), .character("2"), .character("3"))
    #expect(bare.rendered().lines()[1].hasPrefix("┌─ Memory"))
  }

  @Test func editingTogglesAnInputBitAndRecomputes() throws {
    let s = try ViewerFixture.copyState().pressing(.right, times: 5)
    var e = try s.pressing(.character("e"))
    #expect(e.editing?.step == 0 && e.editing?.channel == 0)
    #expect(e.message?.hasPrefix("editing the input") == true)
    // Arrows move the edit cursor (clamped), not the time.
    e = try e.pressing(.left, .up, .right, .right, .down, .down, .down)
    #expect(e.editing?.step == 2 && e.editing?.channel == 3)
    #expect(e.time == 5)
    let toggled = try e.pressing(.character(" "))
    let before = s.episode.inputs[2][3]
    #expect(toggled.episode.inputs[2][3] == 1 - before)
    for t in s.episode.inputs.indices where t != 2 {
      #expect(toggled.episode.inputs[t] == s.episode.inputs[t])
    }
    #expect(toggled.time == 5 && toggled.records.count == 5)
    #expect(toggled.message?.contains("step 2, channel 3") == true)
    // The steps were recomputed from the edited input: equal to the library's run of it.
    let expected = Machine.run(s.model.parameters, inputs: Array(toggled.episode.inputs.prefix(5)))
    #expect(bitPatterns(toggled.records) == bitPatterns(expected))
    #expect(toggled.records[2].input[3] == 1 - before)
    #expect(bitPatterns(Array(toggled.records.prefix(2))) == bitPatterns(Array(s.records.prefix(2))))
    #expect(bitPatterns(toggled.records[2]) != bitPatterns(s.records[2]))
    // Toggling again restores the original run.
    let twice = try toggled.pressing(.enter)
    #expect(twice.episode == s.episode)
    #expect(bitPatterns(twice.records) == bitPatterns(s.records))
    // e or escape leaves editing; q leaves editing rather than quitting; ctrl-c quits.
    #expect(try toggled.pressing(.character("e")).editing == nil)
    #expect(try toggled.pressing(.escape).editing == nil)
    #expect(try toggled.pressing(.character("q")).editing == nil)
    #expect(toggled.updated(by: .key(.ctrlC)) == nil)
  }

  @Test func quitKeysReturnNil() throws {
    let s = try ViewerFixture.copyState().pressing(.right)
    #expect(s.updated(by: .key(.character("q"))) == nil)
    #expect(s.updated(by: .key(.ctrlC)) == nil)
    let help = try s.pressing(.character("?"))
    #expect(help.updated(by: .key(.character("q"))) == nil)
    #expect(help.updated(by: .key(.ctrlC)) == nil)
  }

  @Test func helpOverlayShowsTheKeysAndAnyKeyClosesIt() throws {
    let s = try ViewerFixture.copyState().pressing(.right)
    let help = try s.pressing(.character("?"))
    #expect(help.showsHelp)
    let text = help.rendered().text
    #expect(text.contains("Keys (any key closes)"))
    for entry in ViewerKeys.help { #expect(text.contains(entry.action)) }
    // Any key closes it, and does nothing else.
    for key in [Key.right, .character("r"), .character("t"), .tab, .character("?")] {
      let closed = try help.pressing(key)
      #expect(!closed.showsHelp)
      #expect(closed.time == s.time && closed.task.name == "copy" && closed.selectedHead == 0)
      #expect(closed.episode == s.episode)
      #expect(!closed.rendered().text.contains("Keys (any key closes)"))
    }
    // It fits at 80×24 too.
    #expect(help.rendered(ViewerFixture.small).text.contains("q ctrl-c       quit"))
  }

  @Test func aWholeSessionThroughTheRunLoop() throws {
    let backend = ScriptedBackend(
      size: ViewerFixture.full,
      events: [.key(.right), .key(.right), .key(.right), .key(.right), .key(.right), .key(.character("q"))])
    let result = try TerminalApp.run(
      backend: backend, initial: try ViewerFixture.copyState(),
      update: { state, event in state.updated(by: event, size: backend.size) },
      render: { state, size in ViewerScreen.render(state, size: size, theme: ViewerFixture.color256) },
      tick: { state in state.playing ? .milliseconds(1) : nil }, signals: { nil })
    #expect(result.signal == nil && result.exitStatus == 0)
    #expect(result.state.time == 5)
    #expect(backend.frames.first?.lines()[0].contains("step 0/21") == true)
    #expect(backend.stopCount == 1)
  }
}

/// The memory panel's strip area at `size` (where locations are drawn).
func stripArea(_ s: ViewerState, _ size: Size) -> Rect? {
  guard let layout = ViewerLayout(size: size, hidden: s.hidden, steps: s.episode.length) else { return nil }
  return MemoryPanel(state: s, reduced: layout.isReduced).stripArea(in: layout.memory)
}
