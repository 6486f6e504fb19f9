import Foundation
import Testing

/// `ntm install` into a temporary prefix, and the installed binary run from elsewhere with a
/// clean environment, as a newcomer runs it; a binary copied without its models, and a damaged
/// model, each give a message and exit 1, never a crash.
@Suite(
  "End to end: ntm install", .serialized,
  .enabled(
    if: FileManager.default.isExecutableFile(atPath: EndToEnd.binary.path), "needs a built .build/debug/ntm"))
final class InstallEndToEndTests {
  let root: URL

  init() throws {
    root = FileManager.default.temporaryDirectory.appendingPathComponent(
      "ntm-install-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
  }

  deinit { try? FileManager.default.removeItem(at: root) }

  /// Runs `executable` with no `NTM_MODELS` or `XDG_DATA_HOME` and a fresh, empty home, plus
  /// `environment`.
  func run(_ executable: URL, _ arguments: [String], environment: [String] = []) throws -> EndToEnd.Result {
    let home = root.appendingPathComponent("home")
    try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
    return try EndToEnd.run(
      "/usr/bin/env",
      ["-u", "NTM_MODELS", "-u", "XDG_DATA_HOME", "HOME=\(home.path)"] + environment + [executable.path]
        + arguments)
  }

  @Test func theInstalledBinaryFindsItsModelsFromAnyDirectory() throws {
    let prefix = root.appendingPathComponent("prefix")
    let install = try run(EndToEnd.binary, ["install", "--prefix", prefix.path])
    try #require(install.status == 0, "ntm install failed: \(install.error)")
    let installed = prefix.appendingPathComponent("bin/ntm")
    let models = prefix.appendingPathComponent("share/ntm/models")
    #expect(FileManager.default.isExecutableFile(atPath: installed.path))
    #expect(install.output.contains("in \(models.path): associative-recall, "))

    let info = try run(installed, ["info", "--task", "repeat-copy"])
    #expect(info.status == 0, "\(info.error)")
    #expect(info.output.contains("shipped repeat-copy model (\(models.path)/repeat-copy.safetensors)"))
    let eval = try run(installed, ["eval", "--task", "copy", "--lengths", "5", "--sequences", "20"])
    #expect(eval.status == 0, "\(eval.error)")
    #expect(eval.output.contains("20 sequences per row"))

    // Installing again over the first installation replaces it in place.
    let again = try run(installed, ["install", "--prefix", prefix.path])
    #expect(again.status == 0, "\(again.error)")
  }

  @Test func aBinaryWithoutItsModelsSaysWhereItLooked() throws {
    let alone = root.appendingPathComponent("alone/ntm")
    try FileManager.default.createDirectory(
      at: alone.deletingLastPathComponent(), withIntermediateDirectories: true)
    // Copied by a child process: a file this process held open for writing could leak into a
    // child that another test spawns at that moment, and executing the copy would then fail
    // with "Text file busy".
    let copy = try EndToEnd.run("/bin/cp", [EndToEnd.binary.path, alone.path])
    try #require(copy.status == 0, "cp failed: \(copy.error)")
    let result = try run(alone, ["info"])
    #expect(result.status == 1)
    #expect(result.error.contains("cannot find the shipped models"))
    #expect(result.error.contains(root.appendingPathComponent("alone/NTM_NTMAssets").path))
    #expect(result.error.contains(root.appendingPathComponent("home/.local/share/ntm/models").path))
    #expect(!result.error.contains("Fatal error"))
  }

  @Test func aDamagedModelIsAnErrorNamingTheFile() throws {
    let models = root.appendingPathComponent("models")
    try FileManager.default.createDirectory(at: models, withIntermediateDirectories: true)
    try Data("not a checkpoint".utf8).write(to: models.appendingPathComponent("copy.safetensors"))
    let damaged = ["NTM_MODELS=\(models.path)"]

    let info = try run(EndToEnd.binary, ["info"], environment: damaged)
    #expect(info.status == 1)
    #expect(info.error.contains("copy.safetensors"))

    let prefix = root.appendingPathComponent("prefix")
    let install = try run(EndToEnd.binary, ["install", "--prefix", prefix.path], environment: damaged)
    #expect(install.status == 1)
    #expect(install.error.contains("damaged model"))
    #expect(!FileManager.default.fileExists(atPath: prefix.path), "a failed installation wrote files")
  }
}
