import NTM
import Testing

@testable import NTMTerminal

/// The viewer's state and its key handling, on an untrained copy model made here: every number
/// is checked against the library (`Machine.run`), never against the viewer itself.
@Suite("Viewer state and keys")
struct ViewerStateTests {
  @Test func fiveStepsForwardShowStepFour() throws {
    let s = try ViewerFixture.copyState().pressing(.right, times: 5)
    #expect(s.time == 5 && s.shownStep == 4)
    #expect(s.episode.length == 21)
    #expect(s.current?.time == 4)
    // One numbering everywhere: the record's t, the header's and the memory's.
    let text = s.rendered().text
    #expect(s.rendered().lines()[0].contains("t = 4/20 · input"))
    #expect(text.contains("Memory after step t = 4"))
    // "." steps forward too.
    #expect(try s.pressing(.character(".")).shownStep == 5)
  }

  @Test func theRunMatchesTheLibraryBitForBit() throws {
    let s = try ViewerFixture.copyState()
    let expected = s.model!.parameters.run(inputs: s.episode.inputs)
    #expect(s.records.count == expected.count)
    #expect(bitPatterns(s.records) == bitPatterns(expected))
  }

  @Test func stepBackShowsThePreviousStepExactly() throws {
    let four = try ViewerFixture.copyState().pressing(.right, times: 4)
    let five = try four.pressing(.right)
    let back = try five.pressing(.left)
    #expect(back.shownStep == 3)
    let record = try #require(back.current)
    let saved = try #require(four.current)
    #expect(bitPatterns(record) == bitPatterns(saved))
    #expect(back.memory.values.map(\.bitPattern) == saved.memoryAfter.values.map(\.bitPattern))
    #expect(back.rendered().lines()[0].contains("t = 3/20"))
    // "," steps back too; at the start it stays there.
    #expect(try back.pressing(.character(",")).shownStep == 2)
    #expect(try ViewerFixture.copyState().pressing(.left).time == 0)
  }

  @Test func jumpToStartAndEnd() throws {
    let s = try ViewerFixture.copyState()
    let end = try s.pressing(.end)
    #expect(end.shownStep == 20 && end.atEnd)
    #expect(end.rendered().lines()[0].contains("t = 20/20 · output"))
    let start = try end.pressing(.home)
    #expect(start.time == 0 && start.current == nil && start.shownStep == nil)
    #expect(start.rendered().lines()[0].contains("t = –/20 · start"))
    // Before step 0 the screen shows the machine's initial state.
    guard case .ntm(let parameters) = s.model?.parameters else { preconditionFailure("an NTM fixture") }
    let initial = Machine.initialState(parameters)
    #expect(bitPatterns(start.memory) == bitPatterns(initial.memory))
    #expect(bitPatterns(start.weightings) == bitPatterns(initial.weightings))
    #expect(try s.pressing(.character("G")).shownStep == 20)
    #expect(try end.pressing(.character("g")).time == 0)
    #expect(try end.pressing(.right).shownStep == 20)
  }

  @Test func playAdvancesOnTicksAndStopsAtTheEnd() throws {
    var s = try ViewerFixture.copyState()
    s = try #require(s.updated(by: .tick))
    #expect(s.time == 0)
    s = try s.pressing(.character(" "))
    #expect(s.playing)
    #expect(s.rendered().lines()[0].contains("▶"))
    for t in 0...20 {
      s = try #require(s.updated(by: .tick))
      #expect(s.shownStep == t)
    }
    #expect(!s.playing && s.atEnd)
    s = try #require(s.updated(by: .tick))
    #expect(s.shownStep == 20)
    // Space at the end starts again from the beginning.
    s = try s.pressing(.character(" "))
    #expect(s.playing && s.time == 0)
    s = try #require(s.updated(by: .tick))
    #expect(s.shownStep == 0)
    s = try s.pressing(.character(" "))
    #expect(!s.playing)
    #expect(try s.pressing(.character("+")).speed == 8)
    #expect(try s.pressing(.character("-")).speed == 2)
    #expect(try s.pressing(.character("+"), times: 10).speed == 64)
    #expect(try s.pressing(.character("-"), times: 10).speed == 0.5)
  }

  @Test func newSequenceChangesTheEpisodeAndRunsIt() throws {
    let s = try ViewerFixture.copyState().pressing(.right, times: 3)
    let next = try s.pressing(.character("r"))
    #expect(next.sequenceSeed == s.sequenceSeed + 1)
    #expect(next.episode != s.episode)
    #expect(next.size == s.size)
    #expect(next.time == 0)
    var rng = SeededGenerator(seed: s.sequenceSeed + 1)
    #expect(next.episode == s.task!.episode(size: s.size, using: &rng))
    #expect(
      bitPatterns(next.records) == bitPatterns(s.model!.parameters.run(inputs: next.episode.inputs)))
  }

  @Test func longerAndShorterStayWithinTheValidSizes() throws {
    let s = try ViewerFixture.copyState()
    #expect(s.size == 10)
    let longer = try s.pressing(.character("]"))
    #expect(longer.size == 11 && longer.episode.length == 23)
    #expect(longer.rendered().lines()[0].contains("length 11"))
    let shorter = try s.pressing(.character("["), times: 2)
    #expect(shorter.size == 8 && shorter.episode.length == 17)
    var rng = SeededGenerator(seed: s.sequenceSeed)
    #expect(shorter.episode == s.task!.episode(size: 8, using: &rng))
    let one = try ViewerFixture.copyState(size: 1)
    let clamped = try one.pressing(.character("["))
    #expect(clamped.size == s.task!.validSizes.lowerBound)
    #expect(clamped.episode == one.episode)
  }

  @Test func switchingTaskChangesTaskAndModelConsistently() throws {
    var s = try ViewerFixture.copyState().pressing(.right, times: 3)
    for name in TaskName.allNames.dropFirst() {
      s = try s.pressing(.character("t"))
      let task = try #require(s.task)
      let model = try #require(s.model)
      #expect(task.name == name && model.taskName == name)
      #expect(!model.isTrained && model.label == "untrained (seed 1)")
      #expect(model.parameters.machineConfiguration.inputWidth == task.inputWidth)
      #expect(task.trainingSizes.contains(s.size))
      #expect(s.time == 0)
      #expect(s.episode.inputs.allSatisfy { $0.count == task.inputWidth })
      #expect(s.message?.contains("switched to \(name)") == true)
      let header = s.rendered().lines()[0]
      // The model's description shortens to fit (balanced-parentheses is a long name), but
      // "NOT TRAINED" and the cost always show.
      #expect(header.contains(" \(name) · ") && header.contains("NOT TRAINED") && header.contains("0 wrong"))
      let stepped = try s.pressing(.right, times: 3)
      #expect(stepped.current?.input == s.episode.inputs[2])
      #expect(stepped.rendered().text.contains("Memory after step t = 2"))
    }
  }

  /// `t` round the tasks and back keeps the user's own model for its task: the shipped model
  /// for that task never silently replaces it.
  @Test func switchingTaskKeepsTheUsersCheckpointForItsTask() throws {
    let copy = try makeTask(named: "copy")
    var mine = ViewerFixture.untrainedModel(for: copy, seed: 9)
    mine.label = "mine.safetensors"
    mine.sequencesSeen = 500
    var shipped = ViewerFixture.untrainedModel(for: copy, seed: 3)
    shipped.label = "shipped copy model"
    let s = ViewerState(model: mine, task: copy, shelf: [shipped])
    let round = try s.pressing(.character("t"), times: TaskName.allNames.count)
    #expect(round.task?.name == "copy")
    #expect(round.model?.label == "mine.safetensors")
    #expect(bitPatterns(round.model!.parameters.values) == bitPatterns(mine.parameters.values))
    #expect(round.rendered().lines()[0].contains("mine.safetensors"))
  }

  @Test func switchingToAShippedModelClampsHeadAndCursor() throws {
    let repeatCopy = try makeTask(named: "repeat-copy")
    var shipped = ViewerFixture.untrainedModel(for: repeatCopy) { $0.memoryLocations = 32 }
    shipped.label = "shipped repeat-copy model"
    shipped.sequencesSeen = 1000
    var s = try ViewerFixture.copyState(
      configure: { $0.readHeads = 2 }, shelf: [shipped])
    s = try s.pressing(.tab, .tab).pressing(.character("L"), times: 13)
    #expect(s.selectedHead == 2 && s.cursor == 104)
    s = try s.pressing(.character("t"))
    #expect(s.task?.name == "repeat-copy" && s.model?.isTrained == true)
    #expect(s.selectedHead == 1)
    #expect(s.cursor == 31)
    let header = s.rendered().lines()[0]
    #expect(header.contains("shipped repeat-copy model"))
    #expect(!header.contains("NOT TRAINED"))
    #expect(try s.pressing(.right).rendered().text.contains("loc 31:"))
  }

  @Test func tabCyclesHeads() throws {
    let s = try ViewerFixture.copyState(configure: { $0.readHeads = 2 })
    #expect(s.headCount == 3)
    #expect(try s.pressing(.tab).selectedHead == 1)
    #expect(try s.pressing(.tab, .tab).selectedHead == 2)
    #expect(try s.pressing(.tab, times: 3).selectedHead == 0)
    #expect(try s.pressing(.backTab).selectedHead == 2)
    let stepped = try s.pressing(.right, .tab, .tab)
    #expect(stepped.rendered().lines()[36].hasPrefix("read1: "))
  }

  @Test func cursorKeysMoveTheInspector() throws {
    let s = try ViewerFixture.copyState()
    #expect(try s.pressing(.character("h")).cursor == 0)
    #expect(try s.pressing(.character("l"), times: 3).cursor == 3)
    #expect(try s.pressing(.character("L"), .character("h")).cursor == 7)
    #expect(try s.pressing(.character("L"), times: 20).cursor == 127)
    #expect(try s.pressing(.character("L"), times: 20).pressing(.character("H")).cursor == 119)
    #expect(try s.pressing(.character("L"), times: 2).rendered().text.contains("loc 16:"))
  }

  @Test func zoomKeysShowMoreOrFewerLocations() throws {
    let s = try ViewerFixture.copyState().pressing(.right, times: 3)
    let size = ViewerFixture.full
    func count(_ state: ViewerState) throws -> Int {
      let strip = try #require(stripArea(state, size))
      return MemoryPanel(state: state, reduced: false).window(in: strip).count
    }
    let base = try count(s)
    let out = try s.pressing(.character("z"))
    let more = try count(out)
    #expect(more > base)
    let whole = try out.pressing(.character("z"), times: 10)
    #expect(try count(whole) == 128)
    #expect(whole.zoom == -MemoryWindow.maximumZoomOut(locations: 128))
    #expect(whole.rendered().text.contains("(2 per column, max)"))
    // Back in: each Z undoes a z, then zooms in past the region.
    #expect(try count(try whole.pressing(.character("Z"), times: -whole.zoom)) == base)
    let closer = try s.pressing(.character("Z"))
    #expect(try count(closer) < base)
    #expect(try s.pressing(.character("Z"), times: 10).zoom == MemoryWindow.maximumZoomIn)
  }

  @Test func panelTogglesHideAndShowPanels() throws {
    let s = try ViewerFixture.copyState().pressing(.right)
    let titles: [(Key, String)] = [
      (.character("1"), "─ Sequence"), (.character("2"), "Weightings over time"),
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
    let bare = try s.pressing(.character("1"), .character("2"), .character("3"))
    #expect(bare.rendered().lines()[1].hasPrefix("┌─ Memory"))
  }

  @Test func editingTogglesAnInputBitAndRecomputes() throws {
    let s = try ViewerFixture.copyState().pressing(.right, times: 5)
    var e = try s.pressing(.character("e"))
    #expect(e.editing?.step == 0 && e.editing?.channel == 0)
    #expect(e.message?.hasPrefix("editing the input") == true)
    e = try e.pressing(.left, .up, .right, .right, .down, .down, .down)
    #expect(e.editing?.step == 2 && e.editing?.channel == 3)
    #expect(e.time == 5)
    let toggled = try e.pressing(.character(" "))
    let before = s.episode.inputs[2][3]
    #expect(toggled.episode.inputs[2][3] == 1 - before)
    for t in s.episode.inputs.indices where t != 2 {
      #expect(toggled.episode.inputs[t] == s.episode.inputs[t])
    }
    #expect(toggled.time == 5)
    #expect(toggled.message?.contains("step 2, channel 3") == true)
    // The run was recomputed from the edited input: equal to the library's run of it, and the
    // copy targets followed the edit.
    let expected = s.model!.parameters.run(inputs: toggled.episode.inputs)
    #expect(bitPatterns(toggled.records) == bitPatterns(expected))
    #expect(toggled.episode.targets[13][3] == 1 - before)
    #expect(bitPatterns(Array(toggled.records.prefix(2))) == bitPatterns(Array(s.records.prefix(2))))
    #expect(bitPatterns(toggled.records[2]) != bitPatterns(s.records[2]))
    let twice = try toggled.pressing(.enter)
    #expect(twice.episode == s.episode)
    #expect(bitPatterns(twice.records) == bitPatterns(s.records))
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

  @Test func helpOverlayShowsTheKeysAndTheNumbering() throws {
    let s = try ViewerFixture.copyState().pressing(.right)
    let help = try s.pressing(.character("?"))
    #expect(help.showsHelp)
    let text = help.rendered(Size(width: 120, height: 44)).text
    #expect(text.contains("Keys (any key closes)"))
    for entry in ViewerKeys.help { #expect(text.contains(entry.action), "\(entry.action)") }
    #expect(text.contains("Steps are numbered t = 0, 1"))
    for key in [Key.right, .character("r"), .character("t"), .tab, .character("?")] {
      let closed = try help.pressing(key)
      #expect(!closed.showsHelp)
      #expect(closed.time == s.time && closed.task?.name == "copy" && closed.selectedHead == 0)
      #expect(closed.episode == s.episode)
      #expect(!closed.rendered().text.contains("Keys (any key closes)"))
    }
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
    #expect(result.state.shownStep == 4)
    #expect(backend.frames.first?.lines()[0].contains("t = –/20 · start") == true)
    #expect(backend.stopCount == 1)
  }
}

/// The memory panel's strip area at `size` (where locations are drawn).
func stripArea(_ s: ViewerState, _ size: Size) -> Rect? {
  guard let layout = ViewerScreen.layout(s, size: size) else { return nil }
  return MemoryPanel(state: s, reduced: layout.isReduced).stripArea(in: layout.memory)
}
