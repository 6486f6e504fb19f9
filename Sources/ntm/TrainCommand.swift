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
      Ctrl-C or SIGTERM saves the checkpoint and exits; --resume continues exactly where it stopped. \
      A resumed run may change --lr, --batch, --threads, --clip-value, --clip-norm, --clip-recurrent \
      and --task-param (a curriculum); it refuses a different --task, machine shape, --optimizer or \
      --seed.
      """)

  @OptionGroup var taskOptions: TaskOptions
  @Option(
    name: .customLong("task-param"),
    help: ArgumentHelp(
      "A task parameter as KEY=VALUE, e.g. maxLength=10 (repeatable; with --resume it overrides the stored one: a curriculum).",
      valueName: "KEY=VALUE"))
  var taskParams: [TaskParameter] = []
  @OptionGroup(title: "Machine (a new run)") var machine: MachineOptions
  @OptionGroup(title: "Training") var training: TrainingOptions
  @OptionGroup(title: "Stopping and saving") var stop: StopOptions
  @Option(help: "Checkpoint file to write (default: the --resume file, else TASK.safetensors).") var out:
    PathArgument?
  @Option(
    help:
      "Also save the model to this file whenever validation cost reaches a new best (with --resume, a better one than the file holds)."
  ) var best: PathArgument?
  @Option(help: "Continue training this checkpoint.") var resume: PathArgument?
  @Option(help: "Append the learning curve to this CSV file.") var log: PathArgument?

  func run() throws {
    let session = try makeSession()
    let trainer = session.trainer
    let curve = try log.map { try CurveLog(path: $0.path) }
    for line in session.notes { note(line) }
    let s = trainer.settings
    note(
      "training \(trainer.task.name): \(trainer.parameters.machineConfiguration.summary), \(trainer.parameters.values.count) parameters, batch \(s.batchSize), \(s.optimizer.kind.rawValue) lr \(s.optimizer.learningRate), \(s.threads) threads"
    )
    let interactive = isatty(STDERR_FILENO) == 1
    var lastPrint = Date.distantPast
    Interruption.install()
    let loop = TrainingLoop(
      trainer: trainer, conditions: stop.conditions, validateEvery: training.validateEvery,
      checkpointEvery: stop.checkpointEvery)
    let reason: StopReason
    do {
      reason = try loop.run(
        interrupted: { Interruption.received != 0 },
        progress: { p in
          curve?.progress(p)
          if interactive {
            if Date().timeIntervalSince(lastPrint) > 0.1 {
              lastPrint = Date()
              try? OutputFile.standardError().write("\u{1B}[2K\r" + Self.describe(p))
            }
          } else if Date().timeIntervalSince(lastPrint) > 10 {
            lastPrint = Date()
            note(Self.describe(p))
          }
        },
        validated: { cost in
          curve?.validation(cost)
          try session.validated(cost)
          if !interactive { note("validation at \(trainer.sequencesSeen): \(Self.describe(cost))") }
        },
        checkpoint: { _ in try session.save() })
    } catch let error as TrainingError {
      // The trainer kept the parameters from before the failed update: those are saved.
      if interactive { note("") }
      let outcome =
        try session.saveAfterFailure()
        ? "saved the last good parameters to \(session.output.path)"
        : "no update succeeded, nothing was saved"
      throw CommandError("\(error.description); \(outcome)")
    }
    try session.save()
    if interactive { note("") }
    if let failure = curve?.failure { throw CommandError("the model was saved, but \(failure)") }
    let summary =
      "\(trainer.sequencesSeen) sequences in \(String(format: "%.1f", session.trainingSeconds)) s; validation \(session.lastValidation.map(Self.describe) ?? "not run"); saved \(session.output.path)"
    switch reason {
    case .interrupted:
      note("interrupted by signal \(Interruption.received): \(summary)")
      throw ExitCode(128 + Interruption.received)
    case .reachedCost: note("reached validation bit errors < \(stop.untilCost ?? 0): \(summary)")
    case .reachedTime: note("time limit: \(summary)")
    case .reachedSequences: note("sequence limit: \(summary)")
    }
  }

  /// The run the options ask for: the library applies the defaults and the resume rules, and
  /// checks every setting and output path before anything trains.
  private func makeSession() throws -> TrainingSession {
    var request = TrainingRequest()
    request.task = taskOptions.task
    request.seed = taskOptions.seed
    request.taskParameters = taskParams.dictionary
    machine.apply(to: &request)
    training.apply(to: &request)
    if let resume {
      return try TrainingSession(
        resuming: try Checkpoint.load(from: resume.url), source: resume.url.lastPathComponent,
        request: request,
        output: (out ?? resume).url, best: best?.url)
    }
    let name = (taskOptions.task ?? .copy).rawValue
    return try TrainingSession(
      new: request, output: out?.url ?? URL(fileURLWithPath: "\(name).safetensors"), best: best?.url)
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
