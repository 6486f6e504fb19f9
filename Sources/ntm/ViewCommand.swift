import ArgumentParser
import Foundation
import NTM
import NTMAssets
import NTMTerminal

struct ViewCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "view",
    abstract: "Step a live NTM or DNC through a task, one timestep at a time, in the terminal.",
    discussion:
      "With no options: the shipped copy model; --machine dnc: a DNC. Press ? on the screen for the keys (m switches machine)."
  )

  @OptionGroup var taskOptions: TaskOptions
  @OptionGroup var checkpointOption: CheckpointOption
  @OptionGroup var lengthOption: LengthOption
  @Flag(help: "Train in the background and watch the model learn (from --checkpoint, else from scratch).")
  var train = false
  @OptionGroup(title: "With --train") var training: TrainingOptions
  @Option(help: "With --train: where `s` saves (default: TASK-trained.safetensors).") var out: PathArgument?
  @Option(help: "Record the session as an asciicast v2 file (play it with: asciinema play FILE).")
  var record: PathArgument?
  @OptionGroup(title: "Debugging") var debugging: ViewDebugOptions

  func validate() throws {
    if !train, let option = training.given.first ?? (out == nil ? nil : "--out") {
      throw ValueError(field: option, value: "", requirement: "applies only with --train")
    }
  }

  func run() throws {
    // Everything that can fail does so before the screen opens.
    let seed = taskOptions.seedOrDefault
    var model =
      train && checkpointOption.checkpoint == nil
      ? ModelChoice(
        checkpoint: try ModelChoice.untrained(
          taskOptions.task ?? .copy, machine: checkpointOption.machine ?? .ntm, seed: seed),
        label: "training from scratch (seed \(seed))")
      : try ModelChoice.resolve(
        checkpoint: checkpointOption.checkpoint?.path, task: taskOptions.task,
        machine: checkpointOption.machine,
        seed: seed)
    let taskGenerator = try model.task(checkingSize: lengthOption.length, budget: .records)
    let session = train ? try trainingSession(for: model) : nil
    guard NcursesBackend.isTerminal() else {
      note("ntm view needs an interactive terminal (standard output is not one).")
      note("For the same numbers as text, use: ntm trace --task \(taskGenerator.name) --out trace.jsonl")
      throw ExitCode(2)
    }
    if let session { model.checkpoint = session.checkpoint() }
    var initial = ViewerState(
      model: ViewerModel(model.checkpoint, label: model.label), task: taskGenerator, seed: seed,
      size: lengthOption.length, shelf: Self.shippedModels())
    let trainer = session.map {
      BackgroundTrainer(trainer: $0.trainer, validateEvery: training.validateEvery ?? 1_000)
    }
    if trainer != nil { initial.training = TrainingStatus() }
    initial = try debugging.applied(
      to: initial,
      modelOptions: [
        ("--task", taskOptions.task?.rawValue), ("--checkpoint", checkpointOption.checkpoint?.path),
        ("--length", lengthOption.length.map(String.init)),
      ]
      .compactMap { $0.1 == nil ? nil : $0.0 } + (train ? ["--train"] : []))
    for line in session?.notes ?? [] { note(line) }
    let backend = NcursesBackend()
    let recording = try record.map { try RecordingBackend(wrapping: backend, to: $0.path, title: "ntm view") }
    let terminal: any TerminalBackend = recording ?? backend
    TerminalSignals.install()
    trainer?.start()
    defer { trainer?.stop() }
    let savePath = session?.output.path ?? ""
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

  /// Training on all cores but one, so the screen stays responsive, with the same settings and
  /// rules as `ntm train` (`TrainingSession`); `s` saves to `--out`, checked before the screen opens.
  private func trainingSession(for model: ModelChoice) throws -> TrainingSession {
    var request = TrainingRequest()
    training.apply(to: &request)
    request.threads = request.threads ?? max(1, ProcessInfo.processInfo.activeProcessorCount - 1)
    let task = try model.checkpoint.makeTask()
    let output = out?.url ?? URL(fileURLWithPath: "\(task.name)-trained.safetensors")
    guard checkpointOption.checkpoint != nil else {
      request.task = taskOptions.task
      request.machine = checkpointOption.machine
      request.seed = taskOptions.seedOrDefault
      return try TrainingSession(new: request, output: output)
    }
    // --seed picks the sequence on the screen here; the resumed run keeps its own seed.
    return try TrainingSession(
      resuming: model.checkpoint, source: model.label, request: request, output: output)
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

  /// The shipped models `t` and `m` switch to: the NTM's under the task's name (`copy`), the
  /// DNC's under `dnc-` and the task's name (`dnc-copy`), where the models folder has them.
  static func shippedModels() -> [ViewerModel] {
    TaskName.allNames.flatMap { name in
      MachineKind.allCases.compactMap { machine -> ViewerModel? in
        guard let url = try? ShippedModels.url(for: ShippedModels.name(task: name, machine: machine)),
          let checkpoint = try? Checkpoint.load(from: url), checkpoint.taskName == name
        else { return nil }
        return ViewerModel(checkpoint, label: ShippedModels.label(task: name, machine: machine))
      }
    }
  }
}
