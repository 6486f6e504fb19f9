import ArgumentParser
import Foundation
import NTM

struct TraceCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "trace",
    abstract: "Write every number of a run as JSON Lines (schema in docs/trace-format.md).",
    discussion: "Example: ntm trace --task copy --length 10 --seed 7 --out copy.jsonl")

  @OptionGroup var taskOptions: TaskOptions
  @OptionGroup var checkpointOption: CheckpointOption
  @OptionGroup var lengthOption: LengthOption
  @Option(
    parsing: .unconditional,
    help:
      "Repeat copy: the number of repeats (default: drawn from the training range), e.g. 20 for the paper's test."
  )
  var repeats: Int?
  @Option(help: "Output file (a file is replaced only once the trace is complete); default: standard output.")
  var out: PathArgument?

  func run() throws {
    let seed = taskOptions.seedOrDefault
    let model = try ModelChoice.resolve(
      checkpoint: checkpointOption.checkpoint?.path, task: taskOptions.task,
      machine: checkpointOption.machine,
      seed: seed)
    let task = try model.task(checkingSize: lengthOption.length, budget: .trace)
    var rng = SeededGenerator(seed: seed)
    let episode = try makeEpisode(task, using: &rng)
    let output = try out.map { try OutputFile($0.url) } ?? .standardOutput()
    // One line at a time: a long trace is never held in memory whole.
    let machine = model.checkpoint.parameters
    let header = Trace.header(
      machine: machine.machineConfiguration, task: task.name, taskParameters: task.parameters,
      seed: seed, checkpoint: model.path ?? model.label, steps: episode.length)
    try output.write(header + "\n")
    try Trace.steps(machine, episode: episode) { try output.write($0 + "\n") }
    try output.commit()
  }

  /// The sequence to run: of `--length` and, for repeat copy, `--repeats`, else drawn as in
  /// training.
  private func makeEpisode(_ task: any TaskGenerator, using rng: inout SeededGenerator) throws -> Episode {
    guard let repeats else {
      return lengthOption.length.map { task.episode(size: $0, using: &rng) } ?? task.episode(using: &rng)
    }
    guard let repeatCopy = task as? RepeatCopyTask else { throw TaskError.noRepeatCount(task: task.name) }
    let length = lengthOption.length ?? rng.int(in: repeatCopy.trainingSizes)
    return try repeatCopy.checkedEpisode(length: length, repeats: repeats, using: &rng)
  }
}
