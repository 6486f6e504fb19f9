import Testing

@testable import NTMTerminal

/// A counter screen: arrows change it, "q" quits, ticks add ten.
private struct Counter {
  var value = 0
  var ticks = 0
}

private func update(_ s: Counter, _ event: TerminalEvent) -> Counter? {
  var s = s
  switch event {
  case .key(.character("q")), .key(.ctrlC): return nil
  case .key(.up): s.value += 1
  case .key(.down): s.value -= 1
  case .tick:
    s.ticks += 1
    s.value += 10
  default: break
  }
  return s
}

private func render(_ s: Counter, _ size: Size) -> CellGrid {
  var grid = CellGrid(size: size)
  grid.write("value \(s.value)", x: 0, y: 0)
  return grid
}

@Suite("Run loop")
struct RunLoopTests {
  @Test func updateReturningNilQuitsAndStopsTheBackend() throws {
    let backend = ScriptedBackend(
      size: Size(width: 12, height: 1), events: [.key(.up), .key(.up), .key(.character("q")), .key(.up)])
    let result = try TerminalApp.run(
      backend: backend, initial: Counter(), update: update, render: render, signals: { nil })
    #expect(result.state.value == 2)
    #expect(result.signal == nil)
    #expect(result.exitStatus == 0)
    #expect(backend.startCount == 1)
    #expect(backend.stopCount == 1)
    #expect(!backend.isStarted)
    // Queued events are handled as one batch; quitting in the batch skips its redraw.
    #expect(backend.frames.map(\.text) == ["value 0"])
  }

  @Test func ctrlCIsAKeyTheUpdateDecidesAbout() throws {
    let backend = ScriptedBackend(size: Size(width: 12, height: 1), events: [.key(.down)])
    let result = try TerminalApp.run(
      backend: backend, initial: Counter(), update: update, render: render, signals: { nil })
    #expect(result.state.value == -1)  // exhausted script → Ctrl-C → update returned nil
  }

  @Test func resizeRendersAtTheNewSize() throws {
    let backend = ScriptedBackend(
      size: Size(width: 12, height: 1), events: [.resize(width: 20, height: 3)], exhaustedEvent: nil)
    var polls = 0
    _ = try TerminalApp.run(
      backend: backend, initial: Counter(), update: update, render: render, pollInterval: .milliseconds(1),
      signals: {
        polls += 1
        return polls > 3 ? 2 : nil
      })
    #expect(backend.frames.map(\.size) == [Size(width: 12, height: 1), Size(width: 20, height: 3)])
  }

  @Test func aSignalStopsTheLoopWithItsExitStatus() throws {
    let backend = ScriptedBackend(size: Size(width: 12, height: 1), events: [.key(.up)], exhaustedEvent: nil)
    var polls = 0
    let result = try TerminalApp.run(
      backend: backend, initial: Counter(), update: update, render: render, pollInterval: .milliseconds(1),
      signals: {
        polls += 1
        return polls >= 3 ? 15 : nil
      })
    #expect(result.signal == 15)
    #expect(result.exitStatus == 143)
    #expect(result.state.value == 1)
    #expect(backend.stopCount == 1)
  }

  @Test func postedSignalsReachTheLoop() {
    TerminalSignals.post(1)
    #expect(TerminalSignals.takePending() == 1)
    #expect(TerminalSignals.takePending() == nil)
  }

  @Test func ticksArriveWhileTheStateAsksForThem() throws {
    let backend = ScriptedBackend(size: Size(width: 12, height: 1), events: [], exhaustedEvent: nil)
    let result = try TerminalApp.run(
      backend: backend, initial: Counter(),
      update: { s, e in
        guard let next = update(s, e) else { return nil }
        return next.ticks >= 3 ? nil : next
      },
      render: render,
      tick: { _ in .milliseconds(2) },
      pollInterval: .milliseconds(1),
      signals: { nil })
    #expect(result.state.ticks == 2)  // the third tick quit
    #expect(backend.frames.map(\.text) == ["value 0", "value 10", "value 20"])
  }

  @Test func noTickWhilePaused() throws {
    let backend = ScriptedBackend(size: Size(width: 12, height: 1), events: [], exhaustedEvent: nil)
    var polls = 0
    let result = try TerminalApp.run(
      backend: backend, initial: Counter(), update: update, render: render,
      tick: { _ in nil }, pollInterval: .milliseconds(1),
      signals: {
        polls += 1
        return polls > 20 ? 2 : nil
      })
    #expect(result.state.ticks == 0)
    #expect(backend.frames.count == 1)
  }
}

@Suite("Keys")
struct KeyTests {
  @Test func charactersFromTheTerminal() {
    #expect(NcursesBackend.key(forCharacter: 3) == .ctrlC)
    #expect(NcursesBackend.key(forCharacter: 10) == .enter)
    #expect(NcursesBackend.key(forCharacter: 13) == .enter)
    #expect(NcursesBackend.key(forCharacter: 27) == .escape)
    #expect(NcursesBackend.key(forCharacter: 9) == .tab)
    #expect(NcursesBackend.key(forCharacter: 127) == .backspace)
    #expect(NcursesBackend.key(forCharacter: 0x71) == .character("q"))
    #expect(NcursesBackend.key(forCharacter: 0xE9) == .character("é"))
    #expect(NcursesBackend.key(forCharacter: 0xD800) == .character("\u{FFFD}"))
  }

  @Test func keyCodes() {
    #expect(NcursesBackend.key(forKeyCode: 0o403) == .up)  // KEY_UP
    #expect(NcursesBackend.key(forKeyCode: 0o541) == .backTab)  // KEY_BTAB
    #expect(NcursesBackend.key(forKeyCode: 0o410 + 5) == .function(5))  // KEY_F(5)
    #expect(NcursesBackend.key(forKeyCode: 0o523) == .pageUp)  // KEY_PPAGE
    #expect(NcursesBackend.key(forKeyCode: 0o777) == nil)
  }

  @Test func controlKeys() {
    #expect(Key.control("c") == .ctrlC)
    #expect(Key.control("L") == .character("\u{0C}"))
  }

  @Test func timeouts() {
    #expect(NcursesBackend.milliseconds(.milliseconds(250)) == 250)
    #expect(NcursesBackend.milliseconds(.seconds(2)) == 2000)
    #expect(NcursesBackend.milliseconds(.microseconds(999)) == 0)
    #expect(NcursesBackend.milliseconds(.seconds(-1)) == 0)
  }
}
