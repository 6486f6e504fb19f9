import ArgumentParser
import Foundation
import NTM

struct TraceCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "trace",
    abstract: "Write every number of a run as JSON Lines (schema in docs/trace-format.md).",
    discussion: "Example: ntm trace --task copy --length 10 --seed 7 --out copy.jsonl")

  @Option(help: "Task: \(TaskName.allNames.joined(separator: ", ")).") var task: String?
  @Option(help: "The task's size knob (copy: length; associative-recall: items; …).") var length: Int?
  @Option(help: "Seed of the sequence (and of the model, when untrained).") var seed: UInt64 = 1
  @Option(help: "A checkpoint to run; default: the shipped model for the task.") var checkpoint: String?
  @Option(help: "Output file; default: standard output.") var out: String?

  func run() throws {
    let model = try ModelChoice.resolve(checkpoint: checkpoint, task: task, seed: seed)
    let task = try model.checkpoint.makeTask()
    var rng = SeededGenerator(seed: seed)
    let episode =
      try length.map { try task.checkedEpisode(size: $0, using: &rng) } ?? task.episode(using: &rng)
    let records = Machine.run(model.checkpoint.parameters, inputs: episode.inputs)
    var lines = [
      Trace.header(
        configuration: model.checkpoint.configuration, task: task.name, taskParameters: task.parameters,
        seed: seed,
        checkpoint: model.path ?? model.label, steps: episode.length)
    ]
    lines += records.map { Trace.step($0, episode: episode) }
    let text = lines.joined(separator: "\n") + "\n"
    if let out {
      do { try Data(text.utf8).write(to: URL(fileURLWithPath: out), options: .atomic) } catch {
        throw CommandError("\(out): cannot write the trace: \(error.localizedDescription)")
      }
    } else {
      FileHandle.standardOutput.write(Data(text.utf8))
    }
  }
}
