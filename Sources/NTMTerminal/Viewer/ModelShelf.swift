import NTM

/// The models the viewer switches between, by machine and task: `t` takes the next task's
/// model of the same machine, `m` the other machine's model of the same task. It holds the
/// shipped models and the user's own (which switching away and back never replaces); where it
/// has none, `model(_:task:)` makes an untrained one, labelled so.
public struct ModelShelf: Sendable {
  private struct Key: Hashable, Sendable {
    var machine: MachineKind
    var task: String
  }
  private var models: [Key: ViewerModel] = [:]

  public init(_ models: [ViewerModel] = []) {
    for model in models { keep(model) }
  }

  /// The model kept for a machine and a task, if any.
  public subscript(machine: MachineKind, task: String) -> ViewerModel? {
    models[Key(machine: machine, task: task)]
  }

  /// Keeps `model` for its machine and task, replacing the one kept before.
  public mutating func keep(_ model: ViewerModel) {
    models[Key(machine: model.machine, task: model.taskName)] = model
  }

  /// The kept model for `machine` on `task`, else an untrained one of the machine's default
  /// shape (with `memoryLocations` when given, so that switching tasks keeps the memory's size).
  /// A kept model whose widths are not the task's (trained with other task settings) is passed
  /// over: it could not read the task's sequences.
  func model(_ machine: MachineKind, task: any TaskGenerator, memoryLocations: Int? = nil) throws
    -> ViewerModel
  {
    if let kept = self[machine, task.name], kept.fits(task) { return kept }
    let (input, output) = (task.inputWidth, task.outputWidth)
    var configuration: MachineConfiguration
    switch machine {
    case .ntm:
      var c = Configuration(inputWidth: input, outputWidth: output)
      c.memoryLocations = memoryLocations ?? c.memoryLocations
      configuration = .ntm(c)
    case .dnc:
      var c = DNCConfiguration(inputWidth: input, outputWidth: output)
      c.memoryLocations = memoryLocations ?? c.memoryLocations
      configuration = .dnc(c)
    }
    try configuration.validate()
    let label = machine == .ntm ? "untrained (seed 1)" : "untrained DNC (seed 1)"
    return ViewerModel(
      parameters: MachineParameters(configuration: configuration, seed: 1), label: label, sequencesSeen: 0,
      taskName: task.name, taskParameters: task.parameters)
  }
}

extension ViewerModel {
  /// Whether the model reads the task's inputs and writes its outputs.
  func fits(_ task: any TaskGenerator) -> Bool {
    let c = parameters.machineConfiguration
    return c.inputWidth == task.inputWidth && c.outputWidth == task.outputWidth
  }
}
