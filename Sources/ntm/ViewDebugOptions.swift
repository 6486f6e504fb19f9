import ArgumentParser
import Foundation
import NTM
import NTMTerminal

/// `ntm view`'s debugger options: where to open, a second model to compare with, a trace to
/// replay instead of a model. Pulled into `ViewCommand` with one `@OptionGroup`; the work is the
/// library's and the viewer state's.
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
  @Option(
    help: ArgumentHelp(
      "Replay a JSON Lines trace (ntm trace's, or another implementation's: see docs/debugging.md) instead of running a model.",
      valueName: "file"))
  var trace: String?

  func validate() throws {
    if trace != nil, compare != nil {
      throw ValidationError(
        "--compare runs a second model beside the first; --trace replays a run without one")
    }
    if let at {
      do { _ = try StepTarget(parsing: at) } catch { throw ValidationError("--at \(error.description)") }
    }
  }

  /// The initial state with the trace read or the comparison loaded, and the opening step
  /// found. A condition that never holds opens at the start and says so. `modelOptions` are the
  /// model options given, which a trace has no use for.
  func applied(to state: ViewerState, modelOptions: [String]) throws -> ViewerState {
    var s = state
    if let trace {
      if let option = modelOptions.first {
        throw CommandError("--trace replays a recorded run; \(option) has no use with it")
      }
      let replay: ReplayedTrace
      do { replay = try TraceReader.read(contentsOf: URL(fileURLWithPath: trace)) } catch {
        throw CommandError(error.description)
      }
      let name = URL(fileURLWithPath: trace).lastPathComponent
      s = ViewerState(trace: replay.run, name: name, task: replay.task)
      if replay.task == nil, let unknown = replay.taskName {
        s.message =
          "\(name) names the task \(unknown), which this library cannot read; showing the steps as they are"
      }
    }
    if let compare {
      let choice = try ModelChoice.resolve(checkpoint: compare, task: nil, seed: 1)
      guard let model = s.model, choice.checkpoint.taskName == model.taskName else {
        throw CommandError(
          "--compare \(compare): trained on \(choice.checkpoint.taskName), not \(s.task?.name ?? "the viewed task")"
        )
      }
      s.compare(
        with: ViewerModel(choice.checkpoint, label: URL(fileURLWithPath: compare).lastPathComponent))
    }
    if let at { s.go(to: try StepTarget(parsing: at), searchingFrom: 0) }
    return s
  }
}
