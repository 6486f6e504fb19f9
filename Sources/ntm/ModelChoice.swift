import Foundation
import NTM
import NTMAssets

/// Which model a command runs: a checkpoint file, else the shipped model for the task, else an
/// untrained model from a seed (clearly labelled as such).
struct ModelChoice {
  var checkpoint: Checkpoint
  /// What the screen and the trace call it: a file name, "shipped copy model", "untrained".
  var label: String
  var path: String?

  static func resolve(checkpoint path: String?, task: String?, seed: UInt64) throws -> ModelChoice {
    if let path {
      let url = URL(fileURLWithPath: path)
      guard FileManager.default.fileExists(atPath: url.path) else {
        throw CommandError("\(path): no such checkpoint file")
      }
      let checkpoint = try Checkpoint.load(from: url)
      if let task, task != checkpoint.taskName {
        throw CommandError("\(url.lastPathComponent) was trained on \(checkpoint.taskName), not \(task)")
      }
      return ModelChoice(checkpoint: checkpoint, label: url.lastPathComponent, path: path)
    }
    let name = try TaskName(parsing: task ?? "copy").rawValue
    if let url = try ShippedModels.url(for: name) {
      do {
        return ModelChoice(
          checkpoint: try Checkpoint.load(from: url), label: "shipped \(name) model", path: url.path)
      } catch {
        throw CommandError(
          "the shipped \(name) model in \(url.deletingLastPathComponent().path) is damaged: \(error)")
      }
    }
    return ModelChoice(checkpoint: try untrained(task: name, seed: seed), label: "untrained (seed \(seed))")
  }

  static func untrained(task name: String, seed: UInt64, configuration: Configuration? = nil) throws
    -> Checkpoint
  {
    let task = try makeTask(named: name)
    let c = configuration ?? Configuration(inputWidth: task.inputWidth, outputWidth: task.outputWidth)
    try c.validate()
    return Checkpoint(
      parameters: Parameters(configuration: c, seed: seed), taskName: name, taskParameters: task.parameters)
  }
}

/// A user-facing error: ArgumentParser prints its description and exits non-zero.
struct CommandError: Error, CustomStringConvertible {
  let description: String
  init(_ description: String) { self.description = description }
}
