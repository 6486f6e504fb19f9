import ArgumentParser
import Foundation
import NTM

struct EvalCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "eval",
    abstract: "Mean bit errors and cost per sequence at each size: the paper's generalisation table.",
    discussion: "Example: ntm eval --checkpoint copy.safetensors --lengths 10,20,30,50,80,120")

  @OptionGroup var taskOptions: TaskOptions
  @OptionGroup var checkpointOption: CheckpointOption
  @Option(
    name: [.long, .customLong("items"), .customLong("sizes")],
    parsing: .unconditional,
    help: ArgumentHelp(
      "Comma-separated sizes of the task's size knob (default: the paper's).", valueName: "sizes"))
  var lengths: WholeNumbers?
  @Option(
    parsing: .unconditional,
    help: ArgumentHelp(
      "Repeat copy: comma-separated repeat counts, one row per size and count (default: drawn from training).",
      valueName: "counts"))
  var repeats: WholeNumbers?
  @Option(parsing: .unconditional, help: "Fresh sequences per size.") var sequences: Int = 200
  @Flag(help: "Print JSON instead of a table.") var json = false

  func validate() throws {
    try Limits.check(sequences, in: Limits.evaluationSequences, "--sequences")
  }

  func run() throws {
    // The model is the checkpoint's or the shipped one; only the evaluation sequences use --seed.
    let model = try ModelChoice.resolve(
      checkpoint: checkpointOption.checkpoint?.path, task: taskOptions.task,
      machine: checkpointOption.machine,
      seed: 1)
    let task = try model.checkpoint.makeTask()
    let rows = try Evaluation.table(
      model.checkpoint.parameters, task: task, sizes: lengths?.values ?? task.evaluationSizes,
      repeats: repeats?.values, sequences: sequences, seed: taskOptions.seedOrDefault,
      threads: ProcessInfo.processInfo.activeProcessorCount)
    if json {
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
      try Console.line(String(decoding: try encoder.encode(rows), as: UTF8.self))
      return
    }
    try Console.line(
      "\(model.label): \(task.name), \(model.checkpoint.sequencesSeen) training sequences; \(sequences) sequences per row"
    )
    let optimal = rows.contains { $0.optimalBits != nil }
    let alwaysZero = rows.contains { $0.alwaysZeroBitErrors != nil }
    try Console.line(
      pad(task.sizeName, 8) + (repeats != nil ? pad("repeats", 8) : "") + pad("bit errors", 12)
        + pad("cost (bits)", 13) + (optimal ? pad("optimal (bits)", 15) : "")
        + (alwaysZero ? pad("always 0 (bit errors)", 23) : ""))
    for row in rows {
      try Console.line(
        pad(String(row.size), 8) + (row.repeats.map { pad(String($0), 8) } ?? "")
          + pad(format(row.meanBitErrors), 12) + pad(format(row.meanBits), 13)
          + (row.optimalBits.map { pad(format($0), 15) } ?? "")
          + (row.alwaysZeroBitErrors.map { pad(format($0), 23) } ?? ""))
    }
  }

  private func pad(_ s: String, _ width: Int) -> String {
    String(repeating: " ", count: max(0, width - s.count)) + s
  }
  private func format(_ x: Double) -> String { String(format: x < 10 ? "%.4f" : "%.2f", x) }
}
