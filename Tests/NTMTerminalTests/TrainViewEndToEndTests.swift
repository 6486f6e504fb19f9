import Foundation
import Testing

/// `ntm view --train` in tmux: the model trains in the background, the learning curve grows on
/// screen, `s` saves a checkpoint, and quitting restores the terminal.
///
/// A tiny model (lstm:8, 16×4 memory) keeps a debug build fast enough to validate every 32
/// sequences within the test's time.
@Suite(
  "End to end: ntm view --train in tmux", .serialized,
  .enabled(if: EndToEnd.isAvailable, "needs tmux and a built .build/debug/ntm"))
struct TrainViewEndToEndTests {
  @Test func learningCurveGrowsAndSavesAndQuits() async throws {
    let tiny = EndToEnd.temporaryFile("tiny.safetensors")
    let saved = EndToEnd.temporaryFile("saved.safetensors")
    defer {
      EndToEnd.removeTemporary(tiny)
      EndToEnd.removeTemporary(saved)
    }
    let made = try EndToEnd.run(
      EndToEnd.binary.path,
      [
        "train", "--task", "copy", "--controller", "lstm:8", "--memory", "16x4", "--batch", "8",
        "--max-sequences", "8", "--threads", "1", "--out", tiny.path,
      ])
    try #require(made.status == 0, "ntm train failed: \(made.error)")

    let tmux = try await EndToEnd.startView(
      arguments: [
        "--train", "--checkpoint", tiny.path, "--validate-every", "32", "--out", saved.path, "--length", "4",
      ],
      waitFor: "Training")
    defer { tmux.kill() }
    // Two validations: the curve has two points and the sequence count has moved on.
    let first = try await tmux.waitForScreen(timeout: .seconds(60)) {
      $0.contains("validation ") && $0.contains(" bits ·")
    }
    let firstCount = sequences(in: first)
    let later = try await tmux.waitForScreen(timeout: .seconds(60)) { sequences(in: $0) >= firstCount + 32 }
    #expect(sparklineLength(in: later) >= 2, "the learning curve should have grown:\n\(later)")

    tmux.send("s")
    _ = try await tmux.waitForScreen(timeout: .seconds(30)) { $0.contains("saved ") }
    #expect(FileManager.default.fileExists(atPath: saved.path))

    tmux.send("q")
    let end = try await tmux.waitForScreen(timeout: .seconds(30)) { $0.contains("EXIT=") }
    #expect(end.contains("EXIT=0"))
    #expect(try !tmux.alternateScreenIsOn())
  }

  /// "1234 sequences · …" in the training panel.
  private func sequences(in screen: String) -> Int {
    guard let range = screen.range(of: #"\d+ sequences ·"#, options: .regularExpression) else { return -1 }
    return Int(screen[range].prefix { $0.isNumber }) ?? -1
  }

  /// The sparkline's glyphs on the row under "bits per sequence (validation)".
  private func sparklineLength(in screen: String) -> Int {
    let lines = screen.components(separatedBy: "\n")
    guard let i = lines.firstIndex(where: { $0.contains("bits per sequence (validation)") }),
      i + 1 < lines.count
    else { return 0 }
    return lines[i + 1].filter { "▁▂▃▄▅▆▇█".contains($0) }.count
  }
}
