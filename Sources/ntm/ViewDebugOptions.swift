import ArgumentParser
import Foundation
import NTM
import NTMTerminal

/// `ntm view`'s debugger options: where to open, a second model to compare with. Pulled into
/// `ViewCommand` with one `@OptionGroup`; the work is the library's and the viewer state's.
struct ViewDebugOptions: ParsableArguments {
  @Option(
    help: ArgumentHelp(
      "Open at a step: a number t, start, end, first-error, nan, or a condition such as read0.entropy>2 (see docs/debugging.md).",
      valueName: "step"))
  var at: String?
  @Option(
    help: ArgumentHelp(
      "A second checkpoint to run on the same sequences, side by side (c toggles it).", valueName: "file"))
  var compare: String?

  func validate() throws {
    if let at {
      do { _ = try StepTarget(parsing: at) } catch { throw ValidationError("--at \(error.description)") }
    }
  }

  /// The initial state with the comparison loaded and the opening step found. A condition
  /// that never holds opens at the start and says so.
  func applied(to state: ViewerState) throws -> ViewerState {
    var s = state
    if let compare {
      let choice = try ModelChoice.resolve(checkpoint: compare, task: nil, seed: 1)
      guard let model = s.model, choice.checkpoint.taskName == model.taskName else {
        throw CommandError(
          "--compare \(compare): trained on \(choice.checkpoint.taskName), not \(s.task?.name ?? "the viewed task")"
        )
      }
      s.compare(with: ViewerModel(choice.checkpoint, label: URL(fileURLWithPath: compare).lastPathComponent))
    }
    if let at { s.go(to: try StepTarget(parsing: at), searchingFrom: 0) }
    return s
  }
}
