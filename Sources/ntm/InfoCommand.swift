import ArgumentParser
import Foundation
import NTM

struct InfoCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "info", abstract: "Describe a checkpoint: configuration, task, training, validation.",
    discussion: "Example: ntm info --checkpoint copy.safetensors")

  @Option(help: "The checkpoint; default: the shipped model for --task.") var checkpoint: String?
  @Option(help: "Task whose shipped model to describe.") var task: String?

  func run() throws {
    let model = try ModelChoice.resolve(checkpoint: checkpoint, task: task, seed: 1)
    let c = model.checkpoint
    let k = c.configuration
    print("\(model.label)\(model.path.map { " (\($0))" } ?? "")")
    print(
      "task            \(c.taskName) \(c.taskParameters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))"
    )
    print("controller      \(k.controller)")
    print("memory          \(k.memoryLocations) × \(k.memoryWidth), initial value \(k.memoryInitialValue)")
    print(
      "heads           \(k.readHeads) read, \(k.writeHeads) write; shifts \(k.shifts.lowerBound)…\(k.shifts.upperBound); key \(k.keyActivation.rawValue)"
    )
    print("parameters      \(c.parameters.values.count)")
    print(
      "trained on      \(c.sequencesSeen) sequences, \(c.updates) updates, \(String(format: "%.0f", c.trainingSeconds)) s"
    )
    if let t = c.training {
      print(
        "training        \(t.optimizer.kind.rawValue) lr \(t.optimizer.learningRate), batch \(t.batchSize), seed \(t.seed)"
      )
    }
    if let v = c.validationCost {
      print(
        "validation      \(String(format: "%.4f", v.bits)) bits, \(String(format: "%.4f", v.bitErrors)) bit errors per sequence"
      )
    }
  }
}
