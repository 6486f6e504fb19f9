import Foundation
import Testing

/// `--memory-init` through the real binary: `ntm train` writes an NTM with a learned M₀ that
/// `info` names and `trace` replays; a resumed run refuses a different M₀, and the DNC, which has
/// no such option, refuses it by name.
@Suite(
  "End to end: learned initial memory", .serialized,
  .enabled(
    if: FileManager.default.isExecutableFile(atPath: EndToEnd.binary.path), "needs a built .build/debug/ntm"))
struct LearnedMemoryEndToEndTests {
  typealias Folder = HostileInputEndToEndTests.Folder

  @Test("ntm train --memory-init learned, then info, trace and the refusals")
  func learnedMemoryThroughTheCommands() throws {
    let folder = Folder()
    let model = folder.path("m.st")
    let trained = try HostileInputEndToEndTests.ntm(
      ["train", "--memory-init", "learned", "--out", model, "--max-sequences", "8"]
        + HostileInputEndToEndTests.tiny)
    #expect(trained.status == 0, "\(trained.error)")

    let info = try HostileInputEndToEndTests.ntm(["info", "--checkpoint", model])
    #expect(info.status == 0, "\(info.error)")
    #expect(info.output.contains("memory          8 × 4, learned initial memory"), "\(info.output)")
    let trace = try HostileInputEndToEndTests.ntm(["trace", "--checkpoint", model, "--length", "2"])
    #expect(trace.status == 0, "\(trace.error)")
    #expect(trace.output.contains(#""memoryInitialisation":"learned""#), "\(trace.output.prefix(600))")

    try HostileInputEndToEndTests.expectRefused(
      ["train", "--resume", model, "--memory-init", "constant", "--max-sequences", "16"],
      ["memory initialisation constant:1e-06: m.st was trained with memory initialisation learned"])
    try HostileInputEndToEndTests.expectRefused(
      ["train", "--machine", "dnc", "--memory-init", "learned", "--out", folder.path("d.st")],
      ["memory initialisation learned: is not a setting of the DNC"])
    try HostileInputEndToEndTests.expectRefused(
      ["train", "--memory-init", "random", "--out", folder.path("r.st")], ["--memory-init", "random"])
    #expect(folder.names == ["m.st"])

    let help = try HostileInputEndToEndTests.ntm(["train", "--help"])
    #expect(help.output.contains("--memory-init"), "\(help.output)")
  }
}
