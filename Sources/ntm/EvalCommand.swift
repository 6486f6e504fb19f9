import ArgumentParser
import Foundation
import NTM

struct EvalCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "eval",
    abstract: "Mean bit errors and cost per sequence at each size: the paper's generalisation table.",
    discussion: "Example: ntm eval --checkpoint copy.safetensors --lengths 10,20,30,50,80,120")

  @Option(help: "The checkpoint to evaluate; default: the shipped model for --task.") var checkpoint: String?
  @Option(help: "Task (default: the checkpoint's).") var task: String?
  @Option(
    name: [.long, .customLong("items"), .customLong("sizes")],
    help: "Comma-separated sizes of the task's size knob (default: the paper's).")
  var lengths: String?
  @Option(
    help:
      "Repeat copy: comma-separated repeat counts, one row per size and count (default: drawn from training)."
  )
  var repeats: String?
  @Option(help: "Fresh sequences per size.") var sequences: Int = 200
  @Option(help: "Seed of the evaluation sequences.") var seed: UInt64 = 1
  @Flag(help: "Print JSON instead of a table.") var json = false

  func run() throws {
    guard sequences >= 1 else { throw CommandError("--sequences \(sequences): must be at least 1") }
    let model = try ModelChoice.resolve(checkpoint: checkpoint, task: task, seed: 1)
    let task = try model.checkpoint.makeTask()
    let sizes = try lengths.map { try wholeNumbers($0, option: "--lengths") } ?? task.evaluationSizes
    let rows = try Evaluation.table(
      model.checkpoint.parameters, task: task, sizes: sizes,
      repeats: try repeats.map { try wholeNumbers($0, option: "--repeats") }, sequences: sequences,
      seed: seed,
      threads: ProcessInfo.processInfo.activeProcessorCount)
    if json {
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
      print(String(decoding: try encoder.encode(rows), as: UTF8.self))
      return
    }
    print(
      "\(model.label): \(task.name), \(model.checkpoint.sequencesSeen) training sequences; \(sequences) sequences per row"
    )
    let optimal = rows.contains { $0.optimalBits != nil }
    let alwaysZero = rows.contains { $0.alwaysZeroBitErrors != nil }
    print(
      pad(task.sizeName, 8) + (repeats != nil ? pad("repeats", 8) : "") + pad("bit errors", 12)
        + pad("cost (bits)", 13) + (optimal ? pad("optimal (bits)", 15) : "")
        + (alwaysZero ? pad("always 0 (bit errors)", 23) : ""))
    for row in rows {
      print(
        pad(String(row.size), 8) + (row.repeats.map { pad(String($0), 8) } ?? "")
          + pad(format(row.meanBitErrors), 12) + pad(format(row.meanBits), 13)
          + (row.optimalBits.map { pad(format($0), 15) } ?? "")
          + (row.alwaysZeroBitErrors.map { pad(format($0), 23) } ?? ""))
    }
  }

  private func wholeNumbers(_ list: String, option: String) throws -> [Int] {
    try list.split(separator: ",").map {
      guard let value = Int($0.trimmingCharacters(in: .whitespaces)) else {
        throw CommandError("\(option): '\($0)' is not a whole number")
      }
      return value
    }
  }

  private func pad(_ s: String, _ width: Int) -> String {
    String(repeating: " ", count: max(0, width - s.count)) + s
  }
  private func format(_ x: Double) -> String { String(format: x < 10 ? "%.4f" : "%.2f", x) }
}
