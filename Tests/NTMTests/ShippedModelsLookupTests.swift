import Foundation
import NTMAssets
import Testing

/// Where the shipped models are found: `NTM_MODELS`, the installed layout beside the executable,
/// the XDG data folder; and the error, which lists every place searched, when none holds them.
/// Each test builds its own folders under a fresh temporary directory.
@Suite("Shipped models lookup")
final class ShippedModelsLookupTests {
  let root: URL

  init() throws {
    root = FileManager.default.temporaryDirectory.appendingPathComponent(
      "ntm-lookup-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
  }

  deinit { try? FileManager.default.removeItem(at: root) }

  /// A folder at `path` under the root holding one (empty) checkpoint file, or none.
  @discardableResult
  func folder(_ path: String, withCheckpoint: Bool = true) throws -> URL {
    let url = root.appendingPathComponent(path)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    if withCheckpoint {
      try Data().write(to: url.appendingPathComponent("copy.safetensors"))
    }
    return url
  }

  var executable: URL { root.appendingPathComponent("prefix/bin/ntm") }
  var home: [String: String] { ["HOME": root.appendingPathComponent("home").path] }

  @Test func theEnvironmentVariableWins() throws {
    try folder("prefix/share/ntm/models")
    let named = try folder("mine")
    let found = try ShippedModels.folder(
      environment: home.merging(["NTM_MODELS": named.path]) { $1 }, executable: executable)
    #expect(found.path == named.path)
  }

  @Test func anEnvironmentVariableNamingNoModelsIsAnErrorNotIgnored() throws {
    try folder("prefix/share/ntm/models")
    let empty = try folder("empty", withCheckpoint: false)
    #expect {
      try ShippedModels.folder(
        environment: home.merging(["NTM_MODELS": empty.path]) { $1 }, executable: executable)
    } throws: { error in
      "\(error)".contains("NTM_MODELS=\(empty.path)")
    }
  }

  @Test func theInstalledLayoutBesideTheExecutableIsFound() throws {
    let installed = try folder("prefix/share/ntm/models")
    try folder("home/.local/share/ntm/models")
    let found = try ShippedModels.folder(environment: home, executable: executable)
    #expect(found.standardizedFileURL.path == installed.standardizedFileURL.path)
  }

  @Test func theDataFolderIsTheLastResort() throws {
    let data = try folder("home/.local/share/ntm/models")
    #expect(try ShippedModels.folder(environment: home, executable: executable).path == data.path)
    let xdg = try folder("xdg/ntm/models")
    let environment = home.merging(["XDG_DATA_HOME": root.appendingPathComponent("xdg").path]) { $1 }
    #expect(try ShippedModels.folder(environment: environment, executable: executable).path == xdg.path)
  }

  /// `ntm install` with no prefix installs where the lookup's last resort looks: under `$HOME`
  /// (not the account's home from the password file, which a changed `HOME` does not move).
  @Test func theDefaultInstallationIsWhereTheDataFolderIsLooked() throws {
    let installation = Installation(prefix: Installation.defaultPrefix(environment: home))
    #expect(installation.executable.path == root.appendingPathComponent("home/.local/bin/ntm").path)
    let lastResort = try #require(ShippedModels.candidates(environment: home, executable: executable).last)
    #expect(installation.models.standardizedFileURL.path == lastResort.standardizedFileURL.path)
  }

  @Test func anEmptyFolderDoesNotCount() throws {
    try folder("prefix/share/ntm/models", withCheckpoint: false)
    let data = try folder("home/.local/share/ntm/models")
    #expect(try ShippedModels.folder(environment: home, executable: executable).path == data.path)
  }

  @Test func findingNothingListsEveryPlaceSearched() throws {
    #expect {
      try ShippedModels.folder(environment: home, executable: executable)
    } throws: { error in
      let message = "\(error)"
      return message.contains("cannot find the shipped models")
        && message.contains(root.appendingPathComponent("prefix/share/ntm/models").path)
        && message.contains(root.appendingPathComponent("prefix/bin/NTM_NTMAssets").path)
        && message.contains(root.appendingPathComponent("home/.local/share/ntm/models").path)
        && message.contains("ntm install")
    }
  }
}
