import Foundation
import Testing

/// `ntm view --machine dnc` in tmux, on the real binary: the DNC's panels and sentences on the
/// screen, a condition on a DNC measure, and `m` switching to the NTM and back on the same
/// sequence and step. Every wait is on the screen's state, never on time.
@Suite(
  "End to end: ntm view on a DNC in tmux", .serialized,
  .enabled(if: EndToEnd.isAvailable, "needs tmux and a built .build/debug/ntm"))
struct DNCViewEndToEndTests {
  @Test func aDNCStepsWithItsPanelsAndSentences() async throws {
    let tmux = try await EndToEnd.startView(arguments: ["--machine", "dnc"])
    defer { tmux.kill() }
    let start = try tmux.screen()
    #expect(start.hasPrefix(" DNC  copy · shipped DNC copy model"), "\(start)")
    tmux.send("Right", "Right", "Right")
    // Waited for whole: ncurses redraws top down, and a capture may catch a frame half drawn.
    let rows = [
      "uₜ usage", "ψₜ f=", "φ free list", "aₜ allocation", "cʷ β=", "wʷ gᵃ", "pₜ precedence", "Lₜ next j → i",
    ]
    try await tmux.waitForScreen { screen in
      screen.contains("t = 2/") && rows.allSatisfy { screen.contains($0) } && screen.contains("\nwrite ")
    }
    // The read head: its three weightings and the modes' bar; its sentence names it.
    tmux.send("Tab")
    try await tmux.waitForScreen { $0.contains("π b/c/f modes") && $0.contains("\nread0 ") }
    // A condition on a DNC measure goes to the next step where it holds, and says why.
    tmux.send(":")
    try await tmux.waitForScreen { $0.contains("HEAD.MEASURE OP VALUE") }
    tmux.send("write0.gw>0", "Enter")
    try await tmux.waitForScreen { $0.contains("t = 3/") && $0.contains("t = 3: write0 gw ") }
    tmux.send("q")
    let end = try await tmux.waitForScreen { $0.contains("EXIT=") }
    #expect(end.contains("EXIT=0"))
  }

  @Test func mSwitchesToTheNTMAndBackOnTheSameStep() async throws {
    let tmux = try await EndToEnd.startView(arguments: ["--machine", "dnc", "--seed", "4"])
    defer { tmux.kill() }
    tmux.send("Right", "Right", "Right", "Right", "Right")
    let dnc = try await tmux.waitForScreen { $0.contains("t = 4/") && $0.contains("\nwrite ") }
    tmux.send("m")
    // The NTM's addressing stages in place of the DNC's rows, at the same step, with the message
    // on the last line: the whole frame (ncurses redraws top down).
    let ntm = try await tmux.waitForScreen {
      $0.hasPrefix(" NTM ") && $0.contains("t = 4/") && $0.contains("wₜ₋₁ previous")
        && $0.contains("switched to the NTM")
    }
    #expect(!ntm.contains("uₜ usage"), "\(ntm)")
    #expect(sequenceRows(ntm).prefix(6) == sequenceRows(dnc).prefix(6), "the input differs:\n\(dnc)\n\(ntm)")
    tmux.send("m")
    try await tmux.waitForScreen {
      $0.hasPrefix(" DNC ") && $0.contains("t = 4/") && $0.contains("uₜ usage")
        && $0.contains("switched to the DNC")
    }
  }

  /// The sequence panel's input rows (the left 30 columns of the rows under the top border).
  private func sequenceRows(_ screen: String) -> [Substring] {
    screen.split(separator: "\n").dropFirst(2).map { $0.prefix(30) }
  }
}
