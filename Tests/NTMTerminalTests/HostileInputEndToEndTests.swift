import Foundation
import NTM
import Testing

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Issue 11's reproducers, run on the real binary as a hostile or clumsy user would: each gives a
/// clear error and a non-zero exit, or works correctly; no file is clobbered and no model is lost.
@Suite(
  "End to end: hostile input and faults", .serialized,
  .enabled(
    if: FileManager.default.isExecutableFile(atPath: EndToEnd.binary.path), "needs a built .build/debug/ntm"))
struct HostileInputEndToEndTests {
  static let shippedCopy = EndToEnd.packageRoot.appendingPathComponent("Assets/models/copy.safetensors")

  /// A folder of its own for one test, removed by `done`.
  final class Folder {
    let url: URL
    init() { url = EndToEnd.temporaryFile("x").deletingLastPathComponent() }
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
    var names: [String] { ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []).sorted() }
    deinit { try? FileManager.default.removeItem(at: url) }
  }

  @discardableResult
  static func ntm(_ arguments: [String], stdout: EndToEnd.Output = .capture) throws -> EndToEnd.Result {
    try EndToEnd.run(EndToEnd.binary.path, arguments, stdout: stdout)
  }

  /// Fails unless the run ended with an error status (not a crash) and a message holding each
  /// fragment.
  static func expectRefused(
    _ arguments: [String], _ fragments: [String] = [], sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    let result = try ntm(arguments)
    #expect(
      result.status != 0 && result.status < 128, "\(arguments): status \(result.status)",
      sourceLocation: sourceLocation)
    #expect(
      !result.error.contains("Fatal error") && !result.error.isEmpty, "\(arguments): \(result.error)",
      sourceLocation: sourceLocation)
    for fragment in fragments {
      #expect(
        result.error.contains(fragment), "\(arguments): '\(result.error)' lacks '\(fragment)'",
        sourceLocation: sourceLocation)
    }
  }

  /// A tiny, fast training run's options.
  static let tiny = [
    "--task-param", "vectorWidth=2", "--task-param", "maxLength=2", "--controller", "lstm:4", "--memory",
    "8x4",
    "--batch", "1", "--threads", "1", "--validate-every", "4",
  ]

  static func kind(_ path: String) -> mode_t {
    var status = stat()
    lstat(path, &status)
    return status.st_mode & S_IFMT
  }

  // 1
  @Test("--out writes through a device and follows a symbolic link; neither is replaced")
  func outputTargets() throws {
    let folder = Folder()
    if mknod(folder.path("n"), S_IFCHR | 0o666, OutputFileDevice.null) == 0 {  // root: a private /dev/null
      let result = try Self.ntm(["trace", "--length", "2", "--out", folder.path("n")])
      #expect(result.status == 0, "\(result.error)")
      #expect(Self.kind(folder.path("n")) == S_IFCHR)
    }
    try FileManager.default.createSymbolicLink(
      atPath: folder.path("link.jsonl"), withDestinationPath: "target.jsonl")
    #expect(try Self.ntm(["trace", "--length", "2", "--out", folder.path("link.jsonl")]).status == 0)
    #expect(Self.kind(folder.path("link.jsonl")) == S_IFLNK)
    let lines = try String(contentsOfFile: folder.path("target.jsonl"), encoding: .utf8).split(
      separator: "\n")
    #expect(lines.count == 1 + 5 && lines[0].contains("\"header\""))
  }

  // 2
  @Test("an update that overflows (--lr 1e300) never replaces the good model")
  func nanGuardKeepsTheGoodModel() throws {
    let folder = Folder()
    let model = folder.path("g.st")
    try FileManager.default.copyItem(atPath: Self.shippedCopy.path, toPath: model)
    let before = try Data(contentsOf: URL(fileURLWithPath: model))
    try Self.expectRefused(
      ["train", "--resume", model, "--lr", "1e300", "--threads", "1"], ["not finite", "nothing was saved"])
    #expect(try Data(contentsOf: URL(fileURLWithPath: model)) == before)
    #expect(try Self.ntm(["info", "--checkpoint", model]).status == 0)
    #expect(folder.names == ["g.st"])
  }

  // 3, 4
  @Test("settings that would write an unloadable checkpoint, and a bad output path, fail before training")
  func failBeforeTraining() throws {
    let folder = Folder()
    for (flag, value) in [("--clip-norm", "nan"), ("--clip-value", "inf"), ("--lr", "nan"), ("--lr", "0")] {
      try Self.expectRefused(
        ["train", flag, value, "--out", folder.path("n.st"), "--max-sequences", "32"], [flag])
    }
    let result = try Self.ntm(["train", "--max-time", "20s", "--out", folder.path("nope/x.st")] + Self.tiny)
    #expect(result.status == 1)
    #expect(result.error.contains("nope' does not exist"), "\(result.error)")
    #expect(!result.error.contains("training copy"), "it trained first: \(result.error)")
    #expect(folder.names.isEmpty)
  }

  // 5
  @Test("hostile command lines give errors, not crashes")
  func hostileCommandLines() throws {
    let cases: [([String], String)] = [
      (["train", "--shifts=-9223372036854775807:9223372036854775807"], "shift window"),
      (["train", "--shifts=0:9223372036854775807"], "shift window"),
      (["train", "--memory", "999999999x999999999"], "--memory"),
      (["train", "--controller", "lstm:100000"], "--controller"),
      (["train", "--read-heads", "100000"], "--read-heads"),
      (["train", "--read-heads", "0"], "--read-heads"),
      (["train", "--batch", "1000000000"], "--batch"),
      (["train", "--task-param", "maxLength=9223372036854775807"], "maxLength"),
      (["train", "--task", "repeat-copy", "--task-param", "maxRepeats=9223372036854775807"], "maxRepeats"),
      (
        ["train", "--task", "associative-recall", "--task-param", "maxItems=9223372036854775807"], "maxItems"
      ),
      (["eval", "--lengths", "5,-1"], "-1"),
      (["bench", "--seconds", "nan"], "--seconds"),
      (["bench", "--batch-sizes=-4"], "--batch-sizes"),
      (["trace", "--length", "100000"], "--length 100000"),
      (["trace", "--length", "40000"], "GiB"),
      (["view", "--length", "100000"], "--length 100000"),
      (["view", "--length", "30000"], "GiB"),
    ]
    for (arguments, fragment) in cases { try Self.expectRefused(arguments, [fragment]) }
  }

  @Test("checkpoints with well-formed but out-of-range metadata are refused by every command")
  func hostileCheckpoints() throws {
    let folder = Folder()
    let original = try SafeTensors.load(from: Self.shippedCopy)
    let edits: [(String, String, String)] = [
      ("configuration", #""readHeads":1"#, #""readHeads":0"#),
      ("configuration", #""shifts":[-1,1]"#, #""shifts":[0,9223372036854775807]"#),
      ("taskParameters", #""maxLength":"20""#, #""maxLength":"9223372036854775807""#),
      ("training", #""batchSize":1"#, #""batchSize":-1"#),
      ("training", #""validationSequences":200"#, #""validationSequences":-1"#),
      ("sequencesSeen", "", "9223372036854775807"),
    ]
    for (index, (key, old, new)) in edits.enumerated() {
      var file = original
      let value = try #require(file.metadata[key])
      file.metadata[key] = old.isEmpty ? new : value.replacingOccurrences(of: old, with: new)
      try #require(file.metadata[key] != value, "\(key): '\(old)' not in \(value)")
      let path = folder.path("hostile-\(index).st")
      try file.write(to: URL(fileURLWithPath: path))
      for command in [
        ["info"], ["eval", "--sequences", "1", "--lengths", "2"], ["trace", "--length", "2"], ["view"],
      ] {
        try Self.expectRefused(command + ["--checkpoint", path], ["hostile-\(index).st: "])
      }
      try Self.expectRefused(["train", "--resume", path, "--max-sequences", "1"], ["hostile-\(index).st: "])
    }
  }

  @Test("a write error is an error: a full disk, standard output included")
  func writeErrors() throws {
    guard FileManager.default.fileExists(atPath: "/dev/full") else { return }
    for command in [["trace", "--length", "2"], ["info"], ["eval", "--sequences", "1", "--lengths", "2"]] {
      let result = try Self.ntm(command, stdout: .file("/dev/full"))
      #expect(result.status == 1, "\(command): \(result.status)")
      #expect(result.error.contains("No space left on device"), "\(command): \(result.error)")
    }
  }

  // 6
  @Test("values that were accepted silently are refused")
  func silentlyAccepted() throws {
    let cases: [[String]] = [
      ["train", "--memory", "x128x20"], ["train", "--memory", "128xx20"], ["train", "--validate-every", "0"],
      ["train", "--checkpoint-every", "-1"], ["train", "--max-sequences", "-1"],
      ["train", "--until-cost", "nan"],
      ["train", "--clip-norm", "0"], ["bench", "--threads", "0"], ["eval", "--lengths", ""],
      ["view", "--batch", "4"], ["view", "--out", "x.st"],
    ]
    for arguments in cases { try Self.expectRefused(arguments, [arguments[1]]) }
  }

  @Test("--resume refuses flags it would ignore, and says what it replaces")
  func resumeRules() throws {
    let folder = Folder()
    let model = folder.path("m.st")
    #expect(try Self.ntm(["train", "--max-sequences", "2", "--out", model] + Self.tiny).status == 0)
    try Self.expectRefused(
      ["train", "--resume", model, "--task", "repeat-copy"], ["task repeat-copy", "m.st"])
    try Self.expectRefused(
      ["train", "--resume", model, "--memory", "16x4"], ["memory locations 16", "m.st"])
    try Self.expectRefused(["train", "--resume", model, "--controller", "lstm:8"], ["controller lstm:8"])
    let result = try Self.ntm(["train", "--resume", model, "--clip-norm", "5", "--max-sequences", "3"])
    #expect(result.status == 0, "\(result.error)")
    #expect(result.error.contains("clip norm 5.0 replaces the stored none"), "\(result.error)")
  }

  // 7
  @Test("text from files is escaped before it reaches the terminal")
  func escapeInjection() throws {
    let folder = Folder()
    var file = try SafeTensors.load(from: Self.shippedCopy)
    file.metadata["task"] = "\u{1B}]0;pwned\u{07}\u{1B}[2Jcopy"
    let hostile = folder.path("hostile.st")
    try file.write(to: URL(fileURLWithPath: hostile))
    let refused = try Self.ntm(["info", "--checkpoint", hostile])
    #expect(refused.status == 1)
    #expect(refused.error.contains("\\u{1b}]0;pwned"), "\(refused.error)")
    #expect(!refused.error.contains("\u{1B}") && !refused.error.contains("\u{07}"))
    // A file name is text from outside too.
    let named = folder.path("\u{1B}[2Jmodel.st")
    try FileManager.default.copyItem(atPath: Self.shippedCopy.path, toPath: named)
    let info = try Self.ntm(["info", "--checkpoint", named])
    #expect(info.status == 0)
    #expect(info.output.contains("\\u{1b}[2Jmodel.st") && !info.output.contains("\u{1B}"), "\(info.output)")
  }

  // 8
  @Test("stale temporary files are cleaned; unreadable checkpoints are named plainly")
  func staleFilesAndPlainErrors() throws {
    let folder = Folder()
    let dead = try #require(
      (30_000...4_000_000).reversed().lazy.map(Int32.init).first { kill($0, 0) != 0 && errno == ESRCH })
    try Data("partial".utf8).write(to: URL(fileURLWithPath: folder.path("m.st.tmp-\(dead)")))
    #expect(
      try Self.ntm(["train", "--max-sequences", "1", "--out", folder.path("m.st")] + Self.tiny).status == 0)
    #expect(folder.names == ["m.st"])
    try Self.expectRefused(["info", "--checkpoint", "/dev/null"], ["null: file is 0 bytes"])
    try Self.expectRefused(["info", "--checkpoint", folder.url.path], ["is a directory"])
    try Self.expectRefused(["info", "--checkpoint", folder.path("missing.st")], ["missing.st: no such file"])
  }

  @Test("--version prints the version; a mistyped subcommand is named with the list")
  func versionAndUnknownSubcommand() throws {
    let version = try Self.ntm(["--version"])
    #expect(version.status == 0 && version.output.trimmed == NTMVersion.current)
    try Self.expectRefused(
      ["trian"], ["unknown subcommand 'trian'", "did you mean 'train'", "view, train, eval"])
  }
}

/// Device numbers for `mknod` (`makedev` is a C macro Swift cannot import).
enum OutputFileDevice {
  /// The system's null device, 1:3.
  static var null: dev_t {
    #if canImport(Darwin)
      dev_t(3 << 24 | 2)
    #else
      dev_t(1 << 8 | 3)
    #endif
  }
}
