import NTM

/// A second model run on the viewer's sequences (`ntm view --compare B`): its run, and where it
/// parts from the first model's (`RunComparison`, from the library).
public struct Comparison: Sendable {
  public var model: ViewerModel
  /// B's run of the current sequence; nil while the viewer shows another task than B's.
  public private(set) var run: RecordedRun?
  public private(set) var result: RunComparison?
  /// Whether the compare panel is on screen (`c` toggles it).
  public var isShown = true

  public init(model: ViewerModel) { self.model = model }

  /// Runs B on the sequence of `main` (a run of task `task`).
  mutating func rerun(on main: RecordedRun, task: String) {
    let c = model.parameters.machineConfiguration
    guard task == model.taskName, c.inputWidth == main.episode.inputs[0].count,
      c.outputWidth == main.episode.targets[0].count
    else {
      (run, result) = (nil, nil)
      return
    }
    let other = RecordedRun(machine: model.parameters, episode: main.episode, reading: main.reading)
    run = other
    result = RunComparison(main, other)
  }
}

extension ViewerState {
  /// Runs `other` beside the viewer's model on the same sequences (`ntm view --compare`).
  public mutating func compare(with other: ViewerModel) {
    var comparison = Comparison(model: other)
    if let task { comparison.rerun(on: run, task: task.name) }
    self.comparison = comparison
  }
}
