import ArgumentParser
import Foundation
import NTMAssets

struct InstallCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "install",
    abstract: "Copy this ntm and its shipped models to PREFIX/bin and PREFIX/share/ntm/models.",
    discussion: """
      Run it from the release build of a clone: swift run -c release ntm install
      Afterwards ntm finds its models from any directory. To remove it: delete PREFIX/bin/ntm and \
      PREFIX/share/ntm.
      """)

  @Option(help: "Where to install (default: ~/.local, so ntm goes in ~/.local/bin).") var prefix: String?

  func run() throws {
    guard let executable = Bundle.main.executableURL?.resolvingSymlinksInPath() else {
      throw CommandError("cannot tell where this ntm executable is, so cannot copy it")
    }
    let target = Installation(
      prefix: prefix.map { URL(fileURLWithPath: ($0 as NSString).expandingTildeInPath) }
        ?? Installation.defaultPrefix(environment: ProcessInfo.processInfo.environment))
    let models = try ShippedModels.folder()
    let written = try target.install(executable: executable, models: models)
    try Console.line("installed \(target.executable.path)")
    try Console.line(
      "installed \(written.count - 1) models in \(target.models.path): "
        + written.dropFirst().map { $0.deletingPathExtension().lastPathComponent }.joined(separator: ", "))
    #if DEBUG
      note("note: this is a debug build, several times slower; install the release build with:")
      note("  swift run -c release ntm install")
    #endif
    let bin = target.executable.deletingLastPathComponent().standardizedFileURL.path
    let path = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
    if !path.contains(where: { URL(fileURLWithPath: String($0)).standardizedFileURL.path == bin }) {
      note("\(bin) is not on your PATH; add it (e.g. in ~/.profile) with:")
      note("  export PATH=\"\(bin):$PATH\"")
    }
  }
}
