import Foundation
import NTM

/// The trained checkpoints that ship with the tool, at most one per task and machine, as
/// `<name>.safetensors` in a models folder (``name(task:machine:)``).
///
/// The folder is found without SwiftPM's generated `Bundle.module`, which stops the process with
/// a fatal error when its bundle is missing (as it is beside a binary copied on its own). It is
/// the first of these that holds at least one `.safetensors` file:
/// 1. `$NTM_MODELS`, when set; set to anything else, it is an error, never silently passed over;
/// 2. `<prefix>/share/ntm/models` for an executable in `<prefix>/bin`, as `ntm install` lays out;
/// 3. the SwiftPM resource bundle beside the executable, as `swift build` and `swift test` leave it;
/// 4. `$XDG_DATA_HOME/ntm/models`, by default `~/.local/share/ntm/models`.
///
/// When none does, ``folder()`` throws an error listing every place it looked.
public enum ShippedModels {
  /// The environment variable that names the models folder, overriding the search.
  public static let environmentVariable = "NTM_MODELS"

  /// The shipped checkpoint named `name` (`copy`, `dnc-copy`, …; see ``name(task:machine:)``),
  /// or nil when the models folder has none of that name.
  /// - Throws: ``ShippedModelsError`` when no models folder is found at all.
  public static func url(for name: String) throws(ShippedModelsError) -> URL? {
    let file = try folder().appendingPathComponent("\(name).safetensors")
    return FileManager.default.fileExists(atPath: file.path) ? file : nil
  }

  /// The name a shipped model of `machine` trained on `task` has: the NTM's is the task's own
  /// (`copy`), as it was before the DNC existed, and the DNC's the task's after `dnc-`
  /// (`dnc-copy`), so that both can ship for one task.
  public static func name(task: String, machine: MachineKind) -> String {
    switch machine {
    case .ntm: task
    case .dnc: "dnc-\(task)"
    }
  }

  /// What the screen and the commands call that model: "shipped copy model", "shipped DNC copy
  /// model".
  public static func label(task: String, machine: MachineKind) -> String {
    switch machine {
    case .ntm: "shipped \(task) model"
    case .dnc: "shipped \(machine.title) \(task) model"
    }
  }

  /// The models folder of this installation: the first of ``candidates(environment:executable:)``
  /// that holds a checkpoint.
  public static func folder() throws(ShippedModelsError) -> URL {
    try folder(environment: ProcessInfo.processInfo.environment, executable: Bundle.main.executableURL)
  }

  /// The models folder as found for a given environment and executable (a pure function of
  /// them and the file system, for tests).
  public static func folder(environment: [String: String], executable: URL?) throws(ShippedModelsError) -> URL
  {
    if let named = environment[environmentVariable], !named.isEmpty {
      let url = URL(fileURLWithPath: named)
      guard holdsCheckpoints(url) else { throw .environmentFolderUnusable(url) }
      return url
    }
    let searched = candidates(environment: environment, executable: executable)
    guard let found = searched.first(where: holdsCheckpoints) else { throw .notFound(searched: searched) }
    return found
  }

  /// Where the models are looked for when `NTM_MODELS` is not set, in order.
  public static func candidates(environment: [String: String], executable: URL?) -> [URL] {
    var places: [URL] = []
    if let directory = executable?.resolvingSymlinksInPath().deletingLastPathComponent() {
      places.append(directory.deletingLastPathComponent().appendingPathComponent("share/ntm/models"))
      places.append(resourceBundleModels(in: directory))
    }
    #if canImport(Darwin)
      // Under `swift test` on macOS the executable is Xcode's test runner; the bundle lies beside
      // the test bundle that holds this code.
      let codeBundle = Bundle(for: BundleMarker.self).bundleURL.deletingLastPathComponent()
      places.append(resourceBundleModels(in: codeBundle))
    #endif
    let data =
      environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) }
      ?? Installation.defaultPrefix(environment: environment).appendingPathComponent("share")
    places.append(data.appendingPathComponent("ntm/models"))
    var seen: Set<String> = []
    return places.filter { seen.insert($0.standardizedFileURL.path).inserted }
  }

  /// The checkpoints in a models folder, sorted by name.
  public static func checkpoints(in folder: URL) -> [URL] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    return names.filter { $0.hasSuffix(".safetensors") }.sorted().map { folder.appendingPathComponent($0) }
  }

  private static func holdsCheckpoints(_ folder: URL) -> Bool {
    !checkpoints(in: folder).isEmpty
  }

  /// The `models` folder inside SwiftPM's resource bundle for this target, in `directory`.
  private static func resourceBundleModels(in directory: URL) -> URL {
    #if canImport(Darwin)
      let bundle = directory.appendingPathComponent("NTM_NTMAssets.bundle")
    #else
      let bundle = directory.appendingPathComponent("NTM_NTMAssets.resources")
    #endif
    let resources = Bundle(url: bundle)?.resourceURL ?? bundle
    return resources.appendingPathComponent("models")
  }
}

/// Why the shipped models cannot be found; the description says where the search looked.
public enum ShippedModelsError: Error, CustomStringConvertible {
  /// `NTM_MODELS` names a folder with no checkpoint in it.
  case environmentFolderUnusable(URL)
  /// No place searched holds a checkpoint.
  case notFound(searched: [URL])

  public var description: String {
    switch self {
    case .environmentFolderUnusable(let url):
      return "NTM_MODELS=\(url.path): no .safetensors checkpoints there; unset it to use the installed models"
    case .notFound(let searched):
      return """
        cannot find the shipped models (the folder holding copy.safetensors); looked in:
        \(searched.map { "  " + $0.path }.joined(separator: "\n"))
        Install them with `swift run -c release ntm install` in a clone of the repository, or set \
        NTM_MODELS to a folder that holds them.
        """
    }
  }
}

#if canImport(Darwin)
  private final class BundleMarker {}
#endif
