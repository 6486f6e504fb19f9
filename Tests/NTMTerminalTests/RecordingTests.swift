import Foundation
import NTM
import Testing

@testable import NTMTerminal

/// A terminal just capable enough to replay a recording: cursor positioning (`ESC[row;colH`),
/// clearing (`ESC[2J`), SGR (ignored: only text is compared) and printable characters, which
/// are written at the cursor and move it one column right.
struct TinyTerminal {
  var width: Int
  var height: Int
  var screen: [[Character]]
  var x = 0
  var y = 0

  init(width: Int, height: Int) {
    self.width = width
    self.height = height
    screen = Array(repeating: Array(repeating: " ", count: width), count: height)
  }

  mutating func resize(width: Int, height: Int) {
    self = TinyTerminal(width: width, height: height)
  }

  mutating func feed(_ output: String) {
    var characters = Array(output)[...]
    while let c = characters.popFirst() {
      guard c == "\u{1B}" else {
        if y < height, x < width { screen[y][x] = c }
        x += 1
        continue
      }
      guard characters.popFirst() == "[" else { continue }
      var parameters = ""
      var final: Character = " "
      while let p = characters.popFirst() {
        if p.isASCII, let v = p.asciiValue, v >= 0x40, v <= 0x7E {
          final = p
          break
        }
        parameters.append(p)
      }
      let numbers = parameters.split(separator: ";", omittingEmptySubsequences: false).map { Int($0) ?? 1 }
      switch final {
      case "H":
        y = (numbers.first ?? 1) - 1
        x = (numbers.count > 1 ? numbers[1] : 1) - 1
      case "J" where parameters == "2":
        screen = Array(repeating: Array(repeating: " ", count: width), count: height)
      default:
        break  // SGR and anything else: no effect on the text
      }
    }
  }

  var lines: [String] { screen.map { String($0) } }
}

/// A recording file read back: the header and the events, checked against asciicast v2 as read.
struct Asciicast {
  var header: [String: Any]
  var events: [(time: Double, type: String, data: String)]

  init(contentsOf url: URL) throws {
    let text = try String(contentsOf: url, encoding: .utf8)
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    #expect(lines.last == "", "the file ends with a newline")
    lines.removeLast()
    let first = try #require(lines.first)
    header = try #require(try JSONSerialization.jsonObject(with: Data(first.utf8)) as? [String: Any])
    events = []
    for line in lines.dropFirst() {
      let array = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [Any])
      try #require(array.count == 3, "an event is a 3-element array: \(line.prefix(60))")
      let time = try #require(array[0] as? NSNumber)
      // A JSON number, not true/false (which NSNumber would also hold).
      #expect(line.dropFirst().first?.isNumber == true)
      let type = try #require(array[1] as? String)
      let data = try #require(array[2] as? String)
      events.append((time.doubleValue, type, data))
    }
  }

  /// The screen after replaying every event into a `TinyTerminal`.
  func replayed() throws -> TinyTerminal {
    var terminal = TinyTerminal(
      width: try #require(header["width"] as? Int), height: try #require(header["height"] as? Int))
    for event in events {
      if event.type == "r" {
        let parts = event.data.split(separator: "x").compactMap { Int($0) }
        try #require(parts.count == 2)
        terminal.resize(width: parts[0], height: parts[1])
      } else {
        terminal.feed(event.data)
      }
    }
    return terminal
  }
}

/// A scripted terminal whose events arrive one per poll, so the run loop draws a frame after
/// each (a `ScriptedBackend` has them all queued at once, and the loop handles a queue in one batch).
final class OneEventPerFrameBackend: TerminalBackend {
  let scripted: ScriptedBackend
  init(_ scripted: ScriptedBackend) { self.scripted = scripted }
  var size: Size { scripted.size }
  func start() throws { try scripted.start() }
  func draw(_ grid: CellGrid) { scripted.draw(grid) }
  func nextEvent(timeout: Duration?) -> TerminalEvent? {
    timeout == .zero ? nil : scripted.nextEvent(timeout: timeout)
  }
  func stop() { scripted.stop() }
}

@Suite("Recording")
struct RecordingTests {
  func temporaryFile(_ name: String) -> URL {
    FileManager.default.temporaryDirectory.appendingPathComponent("ntm-\(getpid())-\(name).cast")
  }

  /// Drives the playground through `TerminalApp` with a scripted terminal, recording it.
  func recordPlayground(events: [TerminalEvent], to url: URL) throws -> ScriptedBackend {
    let scripted = ScriptedBackend(size: Size(width: 80, height: 24), events: events)
    let recording = try RecordingBackend(
      wrapping: OneEventPerFrameBackend(scripted), to: url.path, title: "ntm playground test",
      environment: ["TERM": "xterm-256color", "SHELL": "/bin/bash"], timestamp: 1_700_000_000)
    let theme = Theme(colorMode: .color256, glyphs: .unicode)
    _ = try TerminalApp.run(
      backend: recording, initial: PlaygroundState(),
      update: { state, event in state.updated(by: event) },
      render: { state, size in PlaygroundScreen.render(state, size: size, theme: theme) },
      signals: { nil })
    #expect(recording.writeFailure == nil)
    return scripted
  }

  @Test func aRecordingIsAsciicastVersion2() throws {
    let url = temporaryFile("v2")
    defer { try? FileManager.default.removeItem(at: url) }
    let keys: [Key] = [.right, .right, .character(" "), .down, .left, .character("3"), .character(" ")]
    let scripted = try recordPlayground(events: keys.map { .key($0) }, to: url)
    let cast = try Asciicast(contentsOf: url)

    #expect(cast.header["version"] as? Int == 2)
    #expect(cast.header["width"] as? Int == 80)
    #expect(cast.header["height"] as? Int == 24)
    #expect(cast.header["timestamp"] as? Int == 1_700_000_000)
    #expect(cast.header["title"] as? String == "ntm playground test")
    let env = try #require(cast.header["env"] as? [String: Any])
    #expect(env["TERM"] as? String == "xterm-256color")
    #expect(env["SHELL"] as? String == "/bin/bash")

    #expect(scripted.frames.count == keys.count + 1)
    #expect(cast.events.count == scripted.frames.count)
    #expect(cast.events.allSatisfy { $0.type == "o" })
    #expect(cast.events.first?.data.contains("\u{1B}[2J") == true)
    let times = cast.events.map(\.time)
    #expect(times.first! >= 0)
    #expect(zip(times, times.dropFirst()).allSatisfy { $0 <= $1 })
    // Later frames carry only what changed.
    #expect(cast.events.dropFirst().allSatisfy { !$0.data.contains("\u{1B}[2J") })
    #expect(cast.events.last!.data.count < cast.events.first!.data.count)

    let screen = try cast.replayed()
    #expect(screen.lines == scripted.frames.last!.lines())
  }

  @Test func aResizeIsRecordedAsAResizeEventAndAFullRedraw() throws {
    let url = temporaryFile("resize")
    defer { try? FileManager.default.removeItem(at: url) }
    let scripted = try recordPlayground(
      events: [.key(.right), .resize(width: 120, height: 40), .key(.character("2")), .key(.character(" "))],
      to: url)
    let cast = try Asciicast(contentsOf: url)
    let resize = try #require(cast.events.firstIndex { $0.type == "r" })
    #expect(cast.events[resize].data == "120x40")
    #expect(cast.events[resize + 1].data.contains("\u{1B}[2J"))
    #expect(scripted.frames.last!.size == Size(width: 120, height: 40))
    #expect(try cast.replayed().lines == scripted.frames.last!.lines())
  }

  @Test func aBadPathFailsBeforeTheTerminalStarts() {
    let scripted = ScriptedBackend(size: Size(width: 80, height: 24), events: [])
    #expect(throws: RecordingError.self) {
      _ = try RecordingBackend(wrapping: scripted, to: "/nonexistent-directory/session.cast")
    }
    #expect(throws: RecordingError.self) {
      _ = try RecordingBackend(wrapping: scripted, to: FileManager.default.temporaryDirectory.path)
    }
    #expect(scripted.startCount == 0)
  }

  @Test func aFrameEncodesOnlyTheChangedCellsWithTheirStyle() {
    var before = CellGrid(width: 10, height: 3)
    before.write("hello", x: 0, y: 0)
    var after = before
    after[7, 2] = Cell(
      "x", foreground: .indexed(196), background: .indexed(17), attributes: [.bold, .reverse])
    after[8, 2] = Cell(
      "y", foreground: .indexed(196), background: .indexed(17), attributes: [.bold, .reverse])
    #expect(
      RecordingBackend.encode(after, since: before)
        == "\u{1B}[3;8H\u{1B}[0m\u{1B}[1m\u{1B}[7m\u{1B}[38;5;196m\u{1B}[48;5;17mxy\u{1B}[0m")
    #expect(RecordingBackend.encode(after, since: after) == "")
    let first = RecordingBackend.encode(before, since: nil)
    #expect(first.hasPrefix("\u{1B}[0m\u{1B}[2J\u{1B}[H"))
    var terminal = TinyTerminal(width: 10, height: 3)
    terminal.feed(first)
    terminal.feed(RecordingBackend.encode(after, since: before))
    #expect(terminal.lines == after.lines())
  }

  @Test func jsonStringsRoundTrip() throws {
    let tricky = "a \"quote\", a \\ backslash, ESC \u{1B}[0m, a tab\t, a newline\n, DEL \u{7F}, ünïcödé w̃ ▲"
    let line = "[\(JSONLine.quote(tricky))]"
    let parsed = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String])
    #expect(parsed == [tricky])
  }
}
