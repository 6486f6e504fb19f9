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

  static func resolve(
    checkpoint path: String?, task: TaskName?, machine: MachineKind? = nil, seed: UInt64
  ) throws -> ModelChoice {
    if let path {
      let url = URL(fileURLWithPath: path)
      let checkpoint = try Checkpoint.load(from: url)
      if let task, task.rawValue != checkpoint.taskName {
        throw CommandError(
          "\(url.lastPathComponent) was trained on \(checkpoint.taskName), not \(task.rawValue)")
      }
      let kind = checkpoint.configuration.kind
      if let machine, machine != kind {
        throw CommandError(
          "\(url.lastPathComponent) holds \(kind.article) \(kind.title), not \(machine.article) \(machine.title)"
        )
      }
      return ModelChoice(checkpoint: checkpoint, label: url.lastPathComponent, path: path)
    }
    let (task, machine) = (task ?? .copy, machine ?? .ntm)
    let label = ShippedModels.label(task: task.rawValue, machine: machine)
    if let url = try ShippedModels.url(for: ShippedModels.name(task: task.rawValue, machine: machine)) {
      do {
        return ModelChoice(checkpoint: try Checkpoint.load(from: url), label: label, path: url.path)
      } catch {
        throw CommandError("the \(label) in \(url.deletingLastPathComponent().path) is damaged: \(error)")
      }
    }
    let fresh = machine == .ntm ? "untrained" : "untrained \(machine.title)"
    return ModelChoice(
      checkpoint: try untrained(task, machine: machine, seed: seed), label: "\(fresh) (seed \(seed))")
  }

  /// The NTM's parameters, for a command that runs only the NTM so far (`what` names it); a DNC
  /// is refused with a message naming the model.
  func ntmParameters(for what: String) throws -> Parameters<Float> {
    guard let parameters = checkpoint.parameters.ntmParameters else {
      throw CommandError("\(label) holds a \(checkpoint.configuration.kind.title); \(what) runs the NTM only")
    }
    return parameters
  }

  /// A new machine of the default shape for `task`.
  static func untrained(_ task: TaskName, machine: MachineKind = .ntm, seed: UInt64) throws -> Checkpoint {
    let generator = try task.make()
    let (input, output) = (generator.inputWidth, generator.outputWidth)
    let c: MachineConfiguration =
      switch machine {
      case .ntm: .ntm(Configuration(inputWidth: input, outputWidth: output))
      case .dnc: .dnc(DNCConfiguration(inputWidth: input, outputWidth: output))
      }
    try c.validate()
    return Checkpoint(
      parameters: MachineParameters(configuration: c, seed: seed), taskName: task.rawValue,
      taskParameters: generator.parameters)
  }

  /// What a run of one episode keeps, for the resource check before it starts.
  enum Budget {
    /// Every step's record, in memory (the viewer).
    case records
    /// Every step's numbers, in a trace file.
    case trace
  }

  /// The task, once `size` (when given) is checked against its sizes and the run it starts
  /// against `budget`'s limit, before anything for the run is allocated.
  func task(checkingSize size: Int?, budget: Budget, option: String = "--length") throws -> any TaskGenerator
  {
    let task = try checkpoint.makeTask()
    if let size, !task.validSizes.contains(size) {
      throw ValueError(
        field: option, value: String(size),
        requirement: "\(task.name) takes \(task.sizeName) \(Limits.describe(task.validSizes))")
    }
    let steps = task.maximumSteps(size: size ?? task.trainingSizes.upperBound)
    let (field, value) = size.map { (option, String($0)) } ?? ("task", "\(task.name)")
    switch budget {
    case .records: try Footprint.checkRun(checkpoint.configuration, steps: steps, field: field, value: value)
    case .trace: try Footprint.checkTrace(checkpoint.configuration, steps: steps, field: field, value: value)
    }
    return task
  }
}
