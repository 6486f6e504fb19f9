import ArgumentParser
import Foundation
import NTM

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

struct TrainCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "train",
    abstract: "Train a machine by backpropagation through time and save it as a checkpoint.",
    discussion: """
      Example: ntm train --task copy --until-cost 0.01 --max-time 10m --out copy.safetensors
      Ctrl-C or SIGTERM saves the checkpoint and exits; --resume continues exactly where it stopped.
      """)

  @Option(help: "Task: \(TaskName.allNames.joined(separator: ", ")).") var task: String = "copy"
  @Option(
    name: .customLong("task-param"),
    help:
      "A task parameter as KEY=VALUE, e.g. maxLength=10 (repeatable; with --resume it overrides the stored one: a curriculum)."
  )
  var taskParams: [String] = []
  @Option(help: "lstm:SIZE, lstm:LAYERSxSIZE or feedforward:SIZE[:tanh|relu].") var controller = "lstm:100"
  @Option(help: "Memory N×M, e.g. 128x20.") var memory = "128x20"
  @Option(help: "Read heads.") var readHeads = 1
  @Option(help: "Write heads.") var writeHeads = 1
  @Option(help: "Allowed shifts as LOW:HIGH, e.g. -1:1.") var shifts = "-1:1"
  @Option(help: "Sequences per update (default: 32; with --resume, replaces the stored one).") var batch: Int?
  @Option(help: "adam or rmsprop.") var optimizer = "adam"
  @Option(
    help: "Learning rate (default: 1e-3 for adam, 1e-4 for rmsprop; with --resume, replaces the stored one).")
  var lr: Double?
  @Option(help: "Clip each gradient component to ±this (0 for none).") var clipValue: Double = 10
  @Option(help: "Clip the gradient's global norm to this (default none).") var clipNorm: Double?
  @Option(help: "Seed of the parameters and the training sequences.") var seed: UInt64 = 1
  @Option(help: "Worker threads (default: all cores).") var threads: Int?
  @Option(help: "Stop after this many sequences in all.") var maxSequences: Int?
  @Option(help: "Stop after this long, e.g. 90s, 10m, 1h.") var maxTime: String?
  @Option(help: "Stop when validation bit errors per sequence fall below this.") var untilCost: Double?
  @Option(help: "Validate on the held-out set every this many sequences.") var validateEvery = 2_000
  @Option(help: "Checkpoint file to write (default: TASK.safetensors).") var out: String?
  @Option(
    help:
      "Also save the model to this file whenever validation cost reaches a new best (with --resume, a better one than the file holds)."
  ) var best: String?
  @Option(help: "Continue training this checkpoint.") var resume: String?
  @Option(help: "Also save every this many sequences.") var checkpointEvery: Int?
  @Option(help: "Append the learning curve to this CSV file.") var log: String?

  func run() throws {
    let start = Date()
    let (trainer, secondsBefore) = try makeTrainer()
    let outPath = out ?? resume ?? "\(trainer.task.name).safetensors"
    let outURL = URL(fileURLWithPath: outPath)
    let conditions = StopConditions(
      maxSequences: maxSequences, maxSeconds: try maxTime.map(Self.parseDuration), untilBitErrors: untilCost)
    let curve = try log.map { try CurveLog(path: $0) }
    var lastValidation: SequenceCost?
    func save(_ validation: SequenceCost?) throws {
      lastValidation = validation ?? lastValidation
      try trainer.checkpoint(
        validation: lastValidation, trainingSeconds: secondsBefore + Date().timeIntervalSince(start)
      )
      .write(to: outURL)
    }
    // A resumed run's --best file, if there is one, holds the best model from earlier in the
    // run: only a better validation cost replaces it.
    var bestBits = resume == nil ? .infinity : Self.validationBits(ofExisting: best) ?? .infinity
    let interactive = isatty(STDERR_FILENO) == 1
    var lastPrint = Date.distantPast
    Interruption.install()
    let c = trainer.parameters.configuration
    note(
      "training \(trainer.task.name): \(c.controller), memory \(c.memoryLocations)x\(c.memoryWidth), \(c.readHeads) read / \(c.writeHeads) write heads, \(trainer.parameters.values.count) parameters, batch \(trainer.settings.batchSize), \(trainer.settings.optimizer.kind.rawValue) lr \(trainer.settings.optimizer.learningRate), \(trainer.settings.threads) threads"
    )
    let loop = TrainingLoop(
      trainer: trainer, conditions: conditions, validateEvery: validateEvery, checkpointEvery: checkpointEvery
    )
    let reason: StopReason
    do {
      reason = try loop.run(
        interrupted: { Interruption.received != 0 },
        progress: { p in
          curve?.progress(p)
          if interactive {
            if Date().timeIntervalSince(lastPrint) > 0.1 {
              lastPrint = Date()
              FileHandle.standardError.write(Data(("\u{1B}[2K\r" + Self.describe(p)).utf8))
            }
          } else if Date().timeIntervalSince(lastPrint) > 10 {
            lastPrint = Date()
            note(Self.describe(p))
          }
        },
        validated: { cost in
          curve?.validation(trainer, cost)
          lastValidation = cost
          if let best, cost.bits < bestBits {
            bestBits = cost.bits
            try trainer.checkpoint(
              validation: cost, trainingSeconds: secondsBefore + Date().timeIntervalSince(start)
            )
            .write(to: URL(fileURLWithPath: best))
          }
          if !interactive { note("validation at \(trainer.sequencesSeen): \(Self.describe(cost))") }
        },
        checkpoint: { try save($0) })
    } catch let error as TrainingError {
      try save(nil)
      if interactive { note("") }
      throw CommandError("\(error.description); saved the last good parameters to \(outPath)")
    }
    try save(nil)
    if interactive { note("") }
    let seconds = Date().timeIntervalSince(start)
    let summary =
      "\(trainer.sequencesSeen) sequences in \(String(format: "%.1f", seconds)) s; validation \(lastValidation.map(Self.describe) ?? "not run"); saved \(outPath)"
    switch reason {
    case .interrupted:
      note("interrupted by signal \(Interruption.received): \(summary)")
      throw ExitCode(128 + Interruption.received)
    case .reachedCost: note("reached validation bit errors < \(untilCost!): \(summary)")
    case .reachedTime: note("time limit: \(summary)")
    case .reachedSequences: note("sequence limit: \(summary)")
    }
  }

  /// The validation cost stored in the checkpoint at `path`, if the file exists and holds one.
  private static func validationBits(ofExisting path: String?) -> Double? {
    guard let path, FileManager.default.fileExists(atPath: path) else { return nil }
    return (try? Checkpoint.load(from: URL(fileURLWithPath: path)))?.validationCost?.bits
  }

  private static func checkedBatch(_ batch: Int) throws -> Int {
    guard batch >= 1 else { throw CommandError("--batch \(batch): must be at least 1") }
    return batch
  }

  private func makeTrainer() throws -> (Trainer, Double) {
    if let resume {
      let checkpoint = try Checkpoint.load(from: URL(fileURLWithPath: resume))
      guard var settings = checkpoint.training else {
        throw CommandError("\(resume): holds no training settings, so it cannot be resumed")
      }
      if let threads { settings.threads = threads }
      if let batch {  // e.g. larger batches to quieten the gradient for a final stage
        settings.batchSize = try Self.checkedBatch(batch)
      }
      if let lr {  // e.g. a lower rate for a run that has become unstable
        guard lr > 0, lr.isFinite else { throw CommandError("--lr \(lr): must be positive") }
        settings.optimizer.learningRate = lr
      }
      let task = try makeTask(
        named: checkpoint.taskName,
        parameters: checkpoint.taskParameters.merging(try parsedTaskParameters()) { $1 })
      let trainer = Trainer(
        task: task, parameters: checkpoint.parameters, settings: settings,
        optimizerState: checkpoint.optimizerState, sequencesSeen: checkpoint.sequencesSeen,
        updates: checkpoint.updates)
      return (trainer, checkpoint.trainingSeconds)
    }
    let task = try makeTask(named: task, parameters: try parsedTaskParameters())
    var c = Configuration(inputWidth: task.inputWidth, outputWidth: task.outputWidth)
    c.controller = try Configuration.Controller(parsing: controller)
    let dims = memory.lowercased().split(separator: "x").compactMap { Int($0) }
    guard dims.count == 2 else {
      throw CommandError("--memory '\(memory)' is not of the form NxM, e.g. 128x20")
    }
    (c.memoryLocations, c.memoryWidth) = (dims[0], dims[1])
    c.readHeads = readHeads
    c.writeHeads = writeHeads
    let bounds = shifts.split(separator: ":", omittingEmptySubsequences: false).compactMap { Int($0) }
    guard bounds.count == 2, bounds[0] <= bounds[1] else {
      throw CommandError("--shifts '\(shifts)' is not of the form LOW:HIGH with LOW ≤ HIGH, e.g. -1:1")
    }
    c.shifts = bounds[0]...bounds[1]
    try c.validate()
    guard c.readHeads >= 1, c.writeHeads >= 1 else {
      throw CommandError("training needs at least one read head and one write head")
    }
    guard let kind = OptimizerSettings.Kind(rawValue: optimizer) else {
      throw CommandError("--optimizer '\(optimizer)': choose adam or rmsprop")
    }
    var settings = TrainingSettings()
    settings.optimizer = OptimizerSettings(kind: kind)
    if let lr {
      guard lr > 0, lr.isFinite else { throw CommandError("--lr \(lr): must be positive") }
      settings.optimizer.learningRate = lr
    }
    settings.optimizer.clipValue = clipValue > 0 ? clipValue : nil
    settings.optimizer.clipNorm = clipNorm
    settings.batchSize = try Self.checkedBatch(batch ?? 32)
    settings.seed = seed
    if let threads {
      guard threads >= 1 else { throw CommandError("--threads \(threads): must be at least 1") }
      settings.threads = threads
    }
    return (Trainer(task: task, parameters: Parameters(configuration: c, seed: seed), settings: settings), 0)
  }

  /// `--task-param KEY=VALUE` options as a dictionary.
  private func parsedTaskParameters() throws -> [String: String] {
    var parameters: [String: String] = [:]
    for item in taskParams {
      let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
      guard parts.count == 2, !parts[0].isEmpty else {
        throw CommandError("--task-param '\(item)' is not of the form KEY=VALUE, e.g. maxLength=10")
      }
      parameters[parts[0]] = parts[1]
    }
    return parameters
  }

  /// "90", "90s", "10m", "1.5h" → seconds.
  static func parseDuration(_ text: String) throws -> Double {
    let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600]
    var number = text
    var scale = 1.0
    if let last = text.last, let unit = units[last] {
      scale = unit
      number.removeLast()
    }
    guard let value = Double(number), value > 0 else {
      throw CommandError("--max-time '\(text)' is not a duration such as 90s, 10m or 1h")
    }
    return value * scale
  }

  static func describe(_ cost: SequenceCost) -> String {
    String(format: "%.4f bits, %.4f bit errors per sequence", cost.bits, cost.bitErrors)
  }

  static func describe(_ p: TrainingProgress) -> String {
    var s = String(
      format: "%d seq  %.0f seq/s  cost %.3f bits  %.3f bit errors", p.sequencesSeen, p.throughput,
      p.recentCost.bits, p.recentCost.bitErrors)
    if let v = p.validation { s += String(format: "  val %.4f err", v.bitErrors) }
    s += "  " + clock(p.elapsed)
    if let r = p.remaining, r.isFinite { s += "  ETA " + clock(max(0, r)) }
    return s
  }

  static func clock(_ seconds: Double) -> String {
    let s = Int(seconds)
    return s >= 3600
      ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
      : String(format: "%d:%02d", s / 60, s % 60)
  }
}

func note(_ message: String) {
  FileHandle.standardError.write(Data((message + "\n").utf8))
}

/// The learning curve as CSV (`LearningCurve`): one row per update, validation columns filled
/// when validated.
final class CurveLog {
  private let handle: FileHandle
  private var pendingValidation: SequenceCost?

  init(path: String) throws {
    let url = URL(fileURLWithPath: path)
    if !FileManager.default.fileExists(atPath: path) {
      guard
        FileManager.default.createFile(
          atPath: path,
          contents: Data((LearningCurve.header + "\n").utf8))
      else {
        throw CommandError("\(path): cannot create the log file")
      }
    }
    do {
      handle = try FileHandle(forWritingTo: url)
      try handle.seekToEnd()
    } catch { throw CommandError("\(path): cannot append to the log file: \(error.localizedDescription)") }
  }

  func validation(_ trainer: Trainer, _ cost: SequenceCost) { pendingValidation = cost }

  func progress(_ p: TrainingProgress) {
    let point = LearningCurve.Point(
      sequences: p.sequencesSeen, updates: p.updates, seconds: p.elapsed, training: p.recentCost,
      validation: pendingValidation)
    pendingValidation = nil
    handle.write(Data((LearningCurve.row(point) + "\n").utf8))
  }
}
