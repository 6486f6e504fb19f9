import Foundation
import NTM

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `ntm` and its shipped models laid out under a prefix, the way Unix tools are:
/// `<prefix>/bin/ntm` and `<prefix>/share/ntm/models/<task>.safetensors`, where
/// ``ShippedModels`` finds them from the installed executable.
public struct Installation: Sendable {
  public var prefix: URL

  public init(prefix: URL) { self.prefix = prefix }

  /// `~/.local`, where `$HOME` says home is (as the shell's `~` does, and as ``ShippedModels``
  /// looks), falling back to the account's home directory when `HOME` is unset.
  public static func defaultPrefix(environment: [String: String]) -> URL {
    let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
    return URL(fileURLWithPath: home).appendingPathComponent(".local")
  }

  /// Where the executable goes.
  public var executable: URL { prefix.appendingPathComponent("bin/ntm") }
  /// Where the models go.
  public var models: URL { prefix.appendingPathComponent("share/ntm/models") }

  /// Copies an executable and every checkpoint in a models folder into place, and returns the
  /// paths written.
  ///
  /// Every checkpoint is loaded first, so a damaged one stops the installation before anything
  /// is written. Each file is copied beside its destination and renamed over it, so an
  /// interrupted installation leaves the old file or the new one, never a half-written binary.
  /// Sources that already are their destinations (reinstalling from the installed copy) are left
  /// alone.
  public func install(executable source: URL, models folder: URL) throws(InstallationError) -> [URL] {
    let checkpoints = ShippedModels.checkpoints(in: folder)
    guard !checkpoints.isEmpty else {
      throw InstallationError("\(folder.path): no .safetensors checkpoints to install")
    }
    for checkpoint in checkpoints {
      do {
        _ = try Checkpoint.load(from: checkpoint)
      } catch {
        throw InstallationError("not installing a damaged model from \(folder.path): \(error)")
      }
    }
    var written: [URL] = []
    try place(source, at: executable, permissions: 0o755)
    written.append(executable)
    for checkpoint in checkpoints {
      let destination = models.appendingPathComponent(checkpoint.lastPathComponent)
      try place(checkpoint, at: destination, permissions: 0o644)
      written.append(destination)
    }
    return written
  }

  private func place(_ source: URL, at destination: URL, permissions: Int) throws(InstallationError) {
    let manager = FileManager.default
    if source.resolvingSymlinksInPath().path == destination.resolvingSymlinksInPath().path { return }
    let directory = destination.deletingLastPathComponent()
    do {
      try manager.createDirectory(at: directory, withIntermediateDirectories: true)
    } catch {
      throw InstallationError("cannot create \(directory.path): \(error.localizedDescription)")
    }
    let temporary = directory.appendingPathComponent(".\(destination.lastPathComponent).install-\(getpid())")
    try? manager.removeItem(at: temporary)
    do {
      try manager.copyItem(at: source, to: temporary)
      try manager.setAttributes([.posixPermissions: permissions], ofItemAtPath: temporary.path)
    } catch {
      try? manager.removeItem(at: temporary)
      throw InstallationError(
        "cannot copy \(source.path) to \(directory.path): \(error.localizedDescription)")
    }
    guard rename(temporary.path, destination.path) == 0 else {
      let reason = String(cString: strerror(errno))
      try? manager.removeItem(at: temporary)
      throw InstallationError("cannot replace \(destination.path): \(reason)")
    }
  }
}

/// Why an installation stopped; the description names the file.
public struct InstallationError: Error, CustomStringConvertible {
  public let description: String
  init(_ description: String) { self.description = description }
}
