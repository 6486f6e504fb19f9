import Foundation
import NTM
import Testing

/// `ntm train --resume` run as a user runs it: what a final stage may replace (`--batch`) and
/// what it must not damage (an earlier best model).
@Suite(
  "End to end: ntm train --resume", .serialized,
  .enabled(
    if: FileManager.default.isExecutableFile(atPath: EndToEnd.binary.path), "needs a built .build/debug/ntm"))
struct TrainResumeEndToEndTests {
  /// A tiny copy model trained for 16 sequences at batch 8, then resumed.
  private func train(_ arguments: [String]) throws {
    let result = try EndToEnd.run(
      EndToEnd.binary.path,
      ["train", "--threads", "1", "--validate-every", "16"] + arguments)
    try #require(result.status == 0, "ntm train \(arguments) failed: \(result.error)")
  }

  private func startTiny(_ out: URL) throws {
    try train([
      "--task", "copy", "--controller", "lstm:8", "--memory", "16x4", "--batch", "8", "--max-sequences", "16",
      "--out", out.path,
    ])
  }

  /// A copy of `checkpoint` claiming the validation cost `bits`, standing in for a best model
  /// saved earlier in the run.
  private func forgeBest(from checkpoint: URL, bits: Double, to url: URL) throws {
    var best = try Checkpoint.load(from: checkpoint)
    best.validationCost = SequenceCost(bits: bits, bitErrors: 0)
    try best.write(to: url)
  }

  @Test func resumeKeepsABetterEarlierBestAndReplacesAWorseOne() throws {
    let model = EndToEnd.temporaryFile("model.safetensors")
    defer { EndToEnd.removeTemporary(model) }
    let good = model.deletingLastPathComponent().appendingPathComponent("good.safetensors")
    let poor = model.deletingLastPathComponent().appendingPathComponent("poor.safetensors")
    try startTiny(model)
    try forgeBest(from: model, bits: 0, to: good)
    try forgeBest(from: model, bits: 1e9, to: poor)
    let goodBytes = try Data(contentsOf: good)

    try train(["--resume", model.path, "--max-sequences", "32", "--out", model.path, "--best", good.path])
    try train(["--resume", model.path, "--max-sequences", "48", "--out", model.path, "--best", poor.path])

    // Nothing beats 0 bits, so the earlier best survives byte for byte; 1e9 is beaten at once.
    #expect(try Data(contentsOf: good) == goodBytes)
    let replaced = try Checkpoint.load(from: poor)
    #expect(replaced.sequencesSeen > 16)
    #expect(try #require(replaced.validationCost).bits < 1e9)
  }

  @Test func resumeReplacesTheBatchSize() throws {
    let model = EndToEnd.temporaryFile("model.safetensors")
    defer { EndToEnd.removeTemporary(model) }
    try startTiny(model)
    try train(["--resume", model.path, "--batch", "4", "--max-sequences", "32", "--out", model.path])
    let resumed = try Checkpoint.load(from: model)
    #expect(resumed.training?.batchSize == 4)
    // 16 sequences at 8 per update, then 16 at 4.
    #expect(resumed.sequencesSeen == 32)
    #expect(resumed.updates == 2 + 4)
  }
}
