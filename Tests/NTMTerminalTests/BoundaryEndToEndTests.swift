import Foundation
import Testing

/// Every option of every command fed its boundary values (0, −1, Int.max, NaN, ∞ and nothing) on
/// the real binary: each run either works or ends with an error status and a message, never with
/// a crash (a status of 128 or more: killed by a signal) or a silent failure.
///
/// The other options keep a run that is accepted small (a tiny machine, a few sequences, two
/// steps); paths point into a temporary folder.
@Suite(
  "End to end: boundary values of every option",
  .enabled(
    if: FileManager.default.isExecutableFile(atPath: EndToEnd.binary.path), "needs a built .build/debug/ntm"))
struct BoundaryEndToEndTests {
  static let values = ["0", "-1", String(Int.max), "nan", "inf", ""]

  /// Each command with the arguments that keep an accepted run short, and its options.
  static func commands(in folder: String) -> [(base: [String], options: [String], paths: [String])] {
    let tiny = [
      "--task-param", "vectorWidth=2", "--task-param", "maxLength=2", "--controller", "lstm:4", "--memory",
      "8x4",
      "--batch", "1", "--threads", "1", "--validate-every", "1000", "--max-sequences", "2",
    ]
    let training = [
      "--optimizer", "--batch", "--lr", "--clip-value", "--clip-norm", "--threads", "--validate-every",
    ]
    return [
      (
        ["train"] + tiny + ["--out", folder + "/b.st"],
        [
          "--task", "--seed", "--task-param", "--controller", "--memory", "--read-heads", "--write-heads",
          "--shifts",
          "--max-sequences", "--max-time", "--until-cost", "--checkpoint-every",
        ] + training,
        ["--out", "--best", "--resume", "--log"]
      ),
      (
        ["view"], ["--task", "--seed", "--length", "--at"],
        ["--checkpoint", "--record", "--compare", "--trace"]
      ),
      (["view", "--train", "--out", folder + "/v.st"], training, ["--out"]),
      (
        ["eval", "--sequences", "1", "--lengths", "2"],
        ["--task", "--seed", "--lengths", "--repeats", "--sequences"], ["--checkpoint"]
      ),
      (
        ["trace", "--length", "2", "--out", folder + "/t.jsonl"], ["--task", "--seed", "--length"],
        ["--checkpoint", "--out"]
      ),
      (["info"], ["--task", "--seed"], ["--checkpoint"]),
      (["playground"], ["--seed", "--preset", "--step", "--head"], ["--record", "--trace"]),
      (
        ["bench", "--seconds", "0.01", "--only", "batches", "--batch-sizes", "1", "--threads", "1"],
        ["--seconds", "--batch-sizes", "--threads", "--only"], []
      ),
    ]
  }

  @Test("every option takes 0, −1, Int.max, NaN, ∞ and empty without crashing")
  func boundaryValues() async throws {
    let folder = EndToEnd.temporaryFile("x").deletingLastPathComponent()
    defer { EndToEnd.removeTemporary(folder.appendingPathComponent("x")) }
    var runs: [[String]] = []
    for (base, options, paths) in Self.commands(in: folder.path) {
      for option in options {
        for value in Self.values { runs.append(base + [option, value]) }
      }
      // Paths: nothing, a directory, a file in a missing directory.
      for option in paths {
        for value in ["", folder.path, folder.path + "/missing/x"] { runs.append(base + [option, value]) }
      }
    }
    // One at a time: the end-to-end tests in tmux that run beside this one wait on the cores.
    let commands = runs
    let results = try await EndToEnd.onOwnThread {
      try commands.map { try EndToEnd.run(EndToEnd.binary.path, $0) }
    }
    for (arguments, result) in zip(runs, results) {
      let command = "ntm " + arguments.map { $0.isEmpty ? "''" : $0 }.joined(separator: " ")
      #expect(result.status < 128, "\(command): killed by signal \(result.status - 128)\n\(result.error)")
      #expect(!result.error.contains("Fatal error"), "\(command): \(result.error)")
      if result.status != 0 {
        #expect(!result.error.trimmed.isEmpty, "\(command): status \(result.status) with no message")
      }
    }
    #expect(runs.count > 250)
  }
}
