import Foundation
import Testing

/// `ntm trace` run as a user would, for what the library tests cannot see: its options.
@Suite(
  "End to end: ntm trace", .enabled(if: EndToEnd.isAvailable, "needs tmux and a built .build/debug/ntm"))
struct TraceEndToEndTests {
  @Test func repeatCopyTracesTheRepeatsAsked() throws {
    let file = EndToEnd.temporaryFile("repeat-copy.jsonl")
    defer { EndToEnd.removeTemporary(file) }
    let traced = try EndToEnd.run(
      EndToEnd.binary.path,
      ["trace", "--task", "repeat-copy", "--length", "2", "--repeats", "13", "--out", file.path])
    #expect(traced.status == 0, "\(traced.error)")
    let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n")
    // The header, then 2 input steps, the control step, 2 × 13 output steps and the end marker's.
    #expect(lines.count == 1 + 2 + 1 + 26 + 1)
    let control = try #require(
      try JSONSerialization.jsonObject(with: Data(lines[3].utf8)) as? [String: Any])
    #expect(control["phase"] as? String == "delimiter")
    // The repeat channel (the last of 10) carries 13 / maxRepeats (20 for the shipped model),
    // written as the Float it is.
    #expect((control["input"] as? [Double])?.last.map(Float.init) == Float(13) / Float(20))
  }

  @Test func repeatsOnAnotherTaskIsRefused() throws {
    let file = EndToEnd.temporaryFile("copy.jsonl")
    defer { EndToEnd.removeTemporary(file) }
    let traced = try EndToEnd.run(
      EndToEnd.binary.path, ["trace", "--task", "copy", "--repeats", "3", "--out", file.path])
    #expect(traced.status != 0)
    #expect(traced.error.contains("copy has no repeat count"))
    #expect(!FileManager.default.fileExists(atPath: file.path))
  }
}
