import ArgumentParser
import Foundation
import NTM
import NTMAssets
import NTMTerminal

struct ViewCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "view",
    abstract: "Step a live NTM through a task, one timestep at a time, in the terminal.",
    discussion: "With no options: the shipped copy model. Press ? on the screen for the keys.")

  @Option(help: "Task: \(TaskName.allNames.joined(separator: ", ")).") var task: String?
  @Option(help: "A checkpoint to view; default: the shipped model for the task.") var checkpoint: String?
  @Option(help: "Seed of the first sequence (and of the model, when untrained).") var seed: UInt64 = 1
  @Option(help: "The task's size knob for the first sequence (copy: its length).") var length: Int?
  @Flag(help: "Train in the background and watch the model learn (from --checkpoint, else from scratch).")
  var train = false
  @Option(help: "With --train: where `s` saves (default: TASK-trained.safetensors).") var out: String?
  @Option(help: "With --train: validate (one point of the learning curve) every this many sequences.")
  var validateEvery = 1_000
  @Option(help: "Record the session as an asciicast v2 file (play it with: asciinema play FILE).")
  var record: String?
  @OptionGroup(title: "Debugging") var debugging: ViewDebugOptions

  func run() throws {
    guard NcursesBackend.isTerminal() else {
      note("ntm view needs an interactive terminal (standard output is not one).")
      note("For the same numbers as text, use: ntm trace --task \(task ?? "copy") --out trace.jsonl")
      throw ExitCode(2)
    }
    // Everything that can fail does so before the screen opens.
    let model =
      train && checkpoint == nil
      ? ModelChoice(
        checkpoint: try ModelChoice.untrained(task: TaskName(parsing: task ?? "copy").rawValue, seed: seed),
        label: "training from scratch (seed \(seed))")
      : try ModelChoice.resolve(checkpoint: checkpoint, task: task, seed: seed)
    let taskGenerator = try model.checkpoint.makeTask()
    if let length, !taskGenerator.validSizes.contains(length) {
      throw CommandError(
        "--length \(length): \(taskGenerator.name) accepts \(taskGenerator.sizeName) \(taskGenerator.validSizes.lowerBound)…\(taskGenerator.validSizes.upperBound)"
      )
    }
    var shipped: [String: ViewerModel] = [:]
    for name in TaskName.allNames {
      if let url = try? ShippedModels.url(for: name), let checkpoint = try? Checkpoint.load(from: url) {
        shipped[name] = ViewerModel(checkpoint, label: "shipped \(name) model")
      }
    }
    var initial = ViewerState(
      model: ViewerModel(model.checkpoint, label: model.label), task: taskGenerator, seed: seed, size: length,
      modelsByTask: shipped)
    guard validateEvery >= 1 else {
      throw CommandError("--validate-every \(validateEvery): must be at least 1")
    }
    let trainer = train ? try backgroundTrainer(model.checkpoint, task: taskGenerator) : nil
    let savePath = out ?? "\(taskGenerator.name)-trained.safetensors"
    if trainer != nil { initial.training = TrainingStatus() }
    initial = try debugging.applied(
      to: initial,
      modelOptions: [("--task", task), ("--checkpoint", checkpoint), ("--length", length.map(String.init))]
        .compactMap { $0.1 == nil ? nil : $0.0 } + (train ? ["--train"] : []))
    let backend = NcursesBackend()
    let recording = try record.map { try RecordingBackend(wrapping: backend, to: $0, title: "ntm view") }
    let terminal: any TerminalBackend = recording ?? backend
    TerminalSignals.install()
    trainer?.start()
    defer { trainer?.stop() }
    let result = try TerminalApp.run(
      backend: terminal, initial: initial,
      update: { state, event in
        let next = state.updated(by: event, size: backend.size)
        guard let next, let trainer else { return next }
        return Self.exchange(next, with: trainer, savingTo: savePath)
      },
      render: { state, size in ViewerScreen.render(state, size: size, theme: backend.theme) },
      tick: { state in
        if state.playing { return .milliseconds(Int(1000 / state.speed)) }
        return state.training == nil ? nil : .milliseconds(200)  // poll the trainer
      })
    if let failure = recording?.writeFailure { note("ntm view: \(failure)") }
    if let signal = result.signal { throw ExitCode(128 + signal) }
  }
}

extension ViewCommand {
  /// Carries out the commands the state asked for, and shows the trainer's newest parameters.
  static func exchange(_ state: ViewerState, with trainer: BackgroundTrainer, savingTo path: String)
    -> ViewerState
  {
    var next = state
    for command in next.commands {
      switch command {
      case .setTrainingPaused(let paused): trainer.setPaused(paused)
      case .saveCheckpoint:
        do {
          try trainer.checkpoint().write(to: URL(fileURLWithPath: path))
          next.training?.savedTo = path
        } catch {
          next.message = "could not save \(path): \(error)"
        }
      }
    }
    next.commands = []
    let s = trainer.snapshot
    next.adopt(
      s.parameters, sequencesSeen: s.sequencesSeen, version: s.version, curve: s.curve,
      throughput: s.throughput,
      lastValidation: s.lastValidation, failure: s.failure)
    return next
  }

  /// Training on all cores but one, so the screen stays responsive.
  func backgroundTrainer(_ checkpoint: Checkpoint, task: any TaskGenerator) throws -> BackgroundTrainer {
    var settings = checkpoint.training ?? TrainingSettings()
    settings.seed = checkpoint.training?.seed ?? seed
    settings.batchSize = checkpoint.training?.batchSize ?? 16
    settings.threads = max(1, ProcessInfo.processInfo.activeProcessorCount - 1)
    let trainer = Trainer(
      task: task, parameters: checkpoint.parameters, settings: settings,
      optimizerState: checkpoint.optimizerState,
      sequencesSeen: checkpoint.sequencesSeen, updates: checkpoint.updates)
    return BackgroundTrainer(trainer: trainer, validateEvery: validateEvery)
  }
}

/// `ntm bench --render`: one step plus one full render, the viewer's per-frame work.
enum RenderBenchmark {
  static func run() throws {
    let task = try makeTask(named: "copy")
    var big = Configuration(inputWidth: task.inputWidth, outputWidth: task.outputWidth)
    (big.memoryLocations, big.memoryWidth, big.readHeads, big.writeHeads) = (1024, 64, 2, 2)
    let cases: [(String, Configuration, Size)] = [
      (
        "default model (128×20, 2 heads) at 120×40",
        Configuration(inputWidth: task.inputWidth, outputWidth: task.outputWidth),
        Size(width: 120, height: 40)
      ),
      ("1024×64 memory, 4 heads at 120×40", big, Size(width: 120, height: 40)),
    ]
    for (name, c, size) in cases {
      let model = ViewerModel(
        parameters: Parameters(configuration: c, seed: 1), label: "bench", sequencesSeen: 1, taskName: "copy",
        taskParameters: task.parameters)
      var state = ViewerState(model: model, task: task, seed: 1, size: 20)
      let theme = Theme(colorMode: .color256, glyphs: .unicode)
      var frames = 0
      var previous = ViewerScreen.render(state, size: size, theme: theme)
      var changed = 0
      // The viewer computes a sequence's steps when it is drawn; each frame here computes one
      // step as well, so that a frame costs what stepping through a new sequence costs.
      var machine = Machine(parameters: model.parameters)
      let start = Date()
      while Date().timeIntervalSince(start) < 2 {
        if state.atEnd {
          state.jumpToStart()
          machine.reset()
        }
        _ = machine.step(state.episode.inputs[state.time])
        state.stepForward()
        let grid = ViewerScreen.render(state, size: size, theme: theme)
        changed += grid.changes(since: previous).count
        previous = grid
        frames += 1
      }
      let elapsed = Date().timeIntervalSince(start)
      print(
        String(
          format: "step + render, %@: %.2f ms per frame (%d cells changed per frame)", name,
          elapsed / Double(frames) * 1000, changed / max(frames, 1)))
    }
  }
}
