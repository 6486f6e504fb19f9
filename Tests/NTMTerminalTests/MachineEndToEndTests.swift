import Foundation
import NTM
import Testing

/// `--machine` through the commands, on the real binary: `ntm train --machine dnc` writes a DNC
/// checkpoint that `info` and `eval` read without being told its machine; a contradicting
/// `--machine`, and `ntm figure`, which draws only the NTM, refuse it by name.
@Suite(
  "End to end: either machine", .serialized,
  .enabled(
    if: FileManager.default.isExecutableFile(atPath: EndToEnd.binary.path), "needs a built .build/debug/ntm"))
struct MachineEndToEndTests {
  typealias Folder = HostileInputEndToEndTests.Folder

  static func ntm(_ arguments: [String]) throws -> EndToEnd.Result {
    try HostileInputEndToEndTests.ntm(arguments)
  }

  @Test("a DNC trained by ntm train is read back by info and eval, and refused where only the NTM runs")
  func dncThroughTheCommands() throws {
    let folder = Folder()
    let model = folder.path("d.st")
    let trained = try Self.ntm(
      ["train", "--machine", "dnc", "--deallocation", "--out", model, "--max-sequences", "8"]
        + HostileInputEndToEndTests.tiny)
    #expect(trained.status == 0, "\(trained.error)")
    #expect(trained.error.contains("DNC, lstm:4, memory 8x4, 1 read / 1 write heads"), "\(trained.error)")

    let info = try Self.ntm(["info", "--checkpoint", model])
    #expect(info.status == 0, "\(info.error)")
    #expect(info.output.contains("machine         DNC"), "\(info.output)")
    #expect(info.output.contains("fixes           deallocation"), "\(info.output)")
    let eval = try Self.ntm(["eval", "--checkpoint", model, "--lengths", "1,2", "--sequences", "3"])
    #expect(eval.status == 0, "\(eval.error)")
    #expect(eval.output.contains("d.st: copy, 8 training sequences"), "\(eval.output)")

    let trace = try Self.ntm(["trace", "--checkpoint", model, "--length", "2"])
    #expect(trace.status == 0, "\(trace.error)")
    #expect(trace.output.hasPrefix(#"{"type":"header","format":"ntm-trace","version":1,"machine":"dnc""#))
    #expect(trace.output.contains(#""link":[["#) && trace.output.contains(#""freeList":["#))

    try HostileInputEndToEndTests.expectRefused(
      ["eval", "--checkpoint", model, "--machine", "ntm"], ["d.st holds a DNC, not an NTM"])
    try HostileInputEndToEndTests.expectRefused(
      ["figure", "copy", "--checkpoint", model, "--out", folder.path("f.svg")],
      ["d.st holds a DNC; ntm figure runs the NTM only"])
    // The viewer takes the DNC: without a terminal it stops only for want of one.
    let view = try Self.ntm(["view", "--checkpoint", model])
    #expect(
      view.status == 2 && view.error.contains("ntm view needs an interactive terminal"), "\(view.error)")
    try HostileInputEndToEndTests.expectRefused(
      ["train", "--resume", model, "--machine", "ntm", "--max-sequences", "1"],
      ["machine ntm: d.st was trained with machine dnc"])
    try HostileInputEndToEndTests.expectRefused(
      ["train", "--machine", "dnc", "--write-heads", "2", "--out", folder.path("w.st")],
      ["write heads 2: is not a setting of the DNC"])
    #expect(folder.names == ["d.st"])
  }

  @Test("without a checkpoint, --machine dnc is the shipped DNC, else an untrained one of the default shape")
  func untrainedDNC() throws {
    let shipped = try Self.ntm(["info", "--machine", "dnc"])
    #expect(shipped.status == 0, "\(shipped.error)")
    #expect(shipped.output.hasPrefix("shipped DNC copy model"), "\(shipped.output)")
    let info = try Self.ntm(["info", "--machine", "dnc", "--task", "balanced-parentheses"])
    #expect(info.status == 0, "\(info.error)")
    #expect(info.output.hasPrefix("untrained DNC (seed 1)"), "\(info.output)")
    #expect(info.output.contains("memory          32 × 16, empty at the start"), "\(info.output)")
  }
}
