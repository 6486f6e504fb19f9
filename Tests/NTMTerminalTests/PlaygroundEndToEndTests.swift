import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `ntm playground` in tmux, on the shared harness of EndToEndTests.swift: raising β sharpens the
/// content weighting on screen, a recording replays to what the terminal showed, SIGTERM and a
/// bad recording path are handled.
@Suite(
  "End to end: ntm playground in tmux", .serialized,
  .enabled(if: EndToEnd.isAvailable, "needs tmux and a built .build/debug/ntm"))
struct PlaygroundEndToEndTests {
  /// The "max 0.30 @5" figure at the end of the content weighting's strip.
  static func shownContentMax(_ screen: String) -> Float? {
    guard let row = screen.split(separator: "\n").first(where: { $0.contains("wᶜ  content") }),
      let range = row.range(of: "max ")
    else { return nil }
    return Float(row[range.upperBound...].prefix(4))
  }

  static func startPlayground(_ arguments: [String] = []) async throws -> TmuxSession {
    try await EndToEnd.startView("playground", arguments: arguments, waitFor: "wᶜ  content")
  }

  @Test func raisingKeyStrengthSharpensTheContentWeightingOnScreen() async throws {
    let session = try await Self.startPlayground()
    defer { session.kill() }
    let first = try await session.waitForScreen { Self.shownContentMax($0) != nil }
    let before = try #require(Self.shownContentMax(first), "no content weighting on screen:\n\(first)")
    #expect(try session.alternateScreenIsOn())
    #expect(first.contains("β = 2.0"))

    // Select β (↑ goes to k, ↓ back to β) and raise it two notches: 2 → 3 → 5.
    session.send("Up", "Down", "Right", "Right")
    let after = try await session.waitForScreen { $0.contains("β = 5.0") }
    let raised = try #require(Self.shownContentMax(after))
    #expect(raised > before)

    session.send("q")
    #expect(try await session.waitForScreen { $0.contains("EXIT=") }.contains("EXIT=0"))
    #expect(try !session.alternateScreenIsOn())
  }

  /// The DNC page from `--machine dnc` and from `d`: the free-and-reuse preset's write lands on
  /// the freed location, and follows f down to the empty one; `n` goes back to the NTM page.
  @Test func theDNCPageFreesAndReusesALocationOnScreen() async throws {
    let session = try await EndToEnd.startView(
      "playground", arguments: ["--machine", "dnc", "--preset", "1"], waitFor: "wʷ write")
    defer { session.kill() }
    let freed = try await session.waitForScreen { $0.contains("write allocates location 2") }
    #expect(freed.contains("read0 frees location 2 (f = 1.00)"))
    // f is selected: lower it to 0 and the write goes to the empty location 6.
    session.send("Left", "Left", "Left", "Left", "Left", "Left", "Left", "Left", "Left", "Left")
    _ = try await session.waitForScreen { $0.contains("write allocates location 6") && $0.contains("f=0.00") }
    session.send("n")
    _ = try await session.waitForScreen { $0.contains("NTM playground") && $0.contains("wᶜ  content") }
    session.send("d")
    _ = try await session.waitForScreen { $0.contains("DNC playground") && $0.contains("f=0.00") }
    session.send("q")
    #expect(try await session.waitForScreen { $0.contains("EXIT=") }.contains("EXIT=0"))
    #expect(try !session.alternateScreenIsOn())
  }

  @Test func aRecordingReplaysToWhatTheTerminalShowed() async throws {
    let file = EndToEnd.temporaryFile("playground.cast")
    defer { EndToEnd.removeTemporary(file) }
    let session = try await Self.startPlayground(["--record", file.path])
    defer { session.kill() }
    session.send("3", "Space", "Space", "Down")
    let shown = try await session.waitForScreen { $0.contains("head steps 2") && $0.contains("γ = 1.0") }
    try await Task.sleep(for: .milliseconds(300))  // let the last frame land
    let screen = try session.screen()
    session.send("q")
    #expect(try await session.waitForScreen { $0.contains("EXIT=") }.contains("EXIT=0"))

    let cast = try Asciicast(contentsOf: file)
    #expect(cast.header["width"] as? Int == 120)
    #expect(cast.header["height"] as? Int == 40)
    #expect(cast.header["title"] as? String == "ntm playground")
    let times = cast.events.map(\.time)
    #expect(zip(times, times.dropFirst()).allSatisfy { $0 <= $1 })
    let replayed = try cast.replayed().lines.map {
      $0.replacingOccurrences(of: " +$", with: "", options: .regularExpression)
    }
    let captured = screen.split(separator: "\n", omittingEmptySubsequences: false).prefix(40).map {
      String($0).replacingOccurrences(of: " +$", with: "", options: .regularExpression)
    }
    #expect(shown.contains("head steps 2"))
    #expect(Array(replayed.prefix(captured.count)) == captured)
  }

  @Test(.enabled(if: EndToEnd.which("pgrep") != nil, "needs pgrep"))
  func sigtermRestoresTheTerminalAndExits143() async throws {
    let file = EndToEnd.temporaryFile("playground-term.cast")
    defer { EndToEnd.removeTemporary(file) }
    let session = try await Self.startPlayground(["--record", file.path])
    defer { session.kill() }
    let shell = try #require(
      Int32(try session.command("display", "-p", "-t", session.name, "#{pane_pid}").trimmed))
    let found = try EndToEnd.run(EndToEnd.which("pgrep")!, ["-P", String(shell), "-x", "ntm"])
    let pid = try #require(Int32(found.output.trimmed), "no ntm under pid \(shell): \(found.output)")
    #expect(kill(pid, SIGTERM) == 0)
    #expect(try await session.waitForScreen { $0.contains("EXIT=") }.contains("EXIT=143"))
    #expect(try !session.alternateScreenIsOn())
    // The recording was closed properly on the way out.
    let cast = try Asciicast(contentsOf: file)
    #expect(cast.header["version"] as? Int == 2)
    #expect(!cast.events.isEmpty)
  }

  @Test func aBadRecordingPathIsAnErrorBeforeTheScreenOpens() async throws {
    let session = try await EndToEnd.startView(
      "playground", arguments: ["--record", "/nonexistent-directory/x.cast"], waitFor: "EXIT=")
    defer { session.kill() }
    let screen = try session.screen()
    #expect(screen.contains("cannot record to /nonexistent-directory/x.cast"))
    #expect(!screen.contains("EXIT=0"))
    #expect(try !session.alternateScreenIsOn())
  }

  @Test func withoutATerminalItExitsWithStatus2() throws {
    let result = try EndToEnd.run(EndToEnd.binary.path, ["playground"])
    #expect(result.status == 2)
  }
}
