import ArgumentParser
import Foundation
import NTM

struct InfoCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "info", abstract: "Describe a checkpoint: configuration, task, training, validation.",
    discussion: "Example: ntm info --checkpoint copy.safetensors")

  @OptionGroup var taskOptions: TaskOptions
  @OptionGroup var checkpointOption: CheckpointOption

  func run() throws {
    let model = try ModelChoice.resolve(
      checkpoint: checkpointOption.checkpoint?.path, task: taskOptions.task,
      machine: checkpointOption.machine,
      seed: taskOptions.seedOrDefault)
    let c = model.checkpoint
    let k = c.configuration
    try Console.line("\(model.label)\(model.path.map { " (\($0))" } ?? "")")
    try Console.line(
      "task            \(c.taskName) \(c.taskParameters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))"
    )
    try Console.line("machine         \(k.kind.title)")
    try Console.line("controller      \(k.controller)")
    switch k {
    case .ntm(let k):
      let initial =
        switch k.memoryInitialisation {
        case .constant(let value): "initial value \(value)"
        case .learned: "learned initial memory"
        }
      try Console.line("memory          \(k.memoryLocations) × \(k.memoryWidth), \(initial)")
      try Console.line(
        "heads           \(k.readHeads) read, \(k.writeHeads) write; shifts \(k.shifts.lowerBound)…\(k.shifts.upperBound); key \(k.keyActivation.rawValue)"
      )
    case .dnc(let k):
      try Console.line("memory          \(k.memoryLocations) × \(k.memoryWidth), empty at the start")
      try Console.line("heads           \(k.readHeads) read, 1 write; key \(k.keyActivation.rawValue)")
      let fixes = [
        ("masking", k.masking), ("deallocation", k.deallocation), ("link sharpness", k.linkSharpness),
      ]
      let on = fixes.filter(\.1).map(\.0)
      try Console.line("fixes           \(on.isEmpty ? "none" : on.joined(separator: ", "))")
    }
    try Console.line("parameters      \(c.parameters.values.count)")
    try Console.line(
      "trained on      \(c.sequencesSeen) sequences, \(c.updates) updates, \(String(format: "%.0f", c.trainingSeconds)) s"
    )
    if let t = c.training {
      try Console.line(
        "training        \(t.optimizer.kind.rawValue) lr \(t.optimizer.learningRate), batch \(t.batchSize), seed \(t.seed)"
      )
      if let bound = t.optimizer.clipRecurrent {
        try Console.line("clip recurrent  each head's weighting gradient to ±\(bound) at every step back")
      }
    }
    if let v = c.validationCost {
      try Console.line(
        "validation      \(String(format: "%.4f", v.bits)) bits, \(String(format: "%.4f", v.bitErrors)) bit errors per sequence"
      )
    }
  }
}
