import NTM

/// Where the viewer's run comes from.
public enum ViewerSource: Sendable {
  /// A model the viewer runs on sequences of its task: new sequences, longer or shorter ones,
  /// edited inputs and other tasks all work.
  case model(ViewerModel, task: any TaskGenerator)
  /// A run replayed from a trace file (`ntm view --trace`): one fixed sequence, and the task
  /// when the trace names one the library knows.
  case trace(name: String, task: (any TaskGenerator)?)
}

/// Everything the viewer screen shows, as a value: `update` makes a new one per event and
/// `render` draws one. The machine's numbers come from the library's `RecordedRun`; the
/// viewer never computes them itself.
///
/// Steps are numbered t = 0, 1, … as in the trace. `time` counts the steps taken: 0 shows the
/// state before step 0, and `time` = t + 1 shows step t (its record, the memory after its
/// writes, each head's weighting wₜ).
public struct ViewerState: Sendable {
  public var source: ViewerSource
  /// Every step of the current sequence, computed when the sequence or the model changes, so
  /// that stepping back is exact and searches (`n`, breakpoints) see the whole run.
  public private(set) var run: RecordedRun
  /// The seed of the current sequence; "new sequence" moves to the next one.
  public var sequenceSeed: UInt64
  /// The size knob of the current sequence (copy: its length).
  public var size: Int
  /// Steps taken: 0 before the first step, `episode.length` at the end.
  public private(set) var time = 0

  public var playing = false
  /// Autoplay speed in steps per second.
  public var speed: Double = 4
  /// Conditions at which play stops (see `BreakpointMenu`).
  public var breakpoints: [StepCondition] = []
  /// Index into the run's heads (write heads first).
  public var selectedHead = 0
  /// The inspector's memory location.
  public var cursor = 0
  /// The memory panel's zoom relative to the region the heads used: 0 shows that region with
  /// cells enlarged to fill the panel; each step in (positive) halves the locations shown, each
  /// step out doubles them, up to the whole memory.
  public var zoom = 0
  /// Whether the memory panel keeps the selected head's focus in view rather than the cursor:
  /// whichever the user touched last.
  public var memoryFollowsHead = true
  /// The first location the memory panel showed (circularly): the view moves from here by the
  /// least amount that keeps the cursor visible, so a click selects the location that stays
  /// under the mouse. `updated(by:size:)` keeps it.
  public var memoryOffset = 0
  /// What the panel beside the sequence shows.
  public var timeline: TimelineMode = .weightings
  public var hidden: Set<PanelID> = []
  public var showsHelp = false
  /// The breakpoint menu, while open.
  public var breakpointMenu: BreakpointMenu?
  /// Text typed after `:` (a step number or a condition), while typing.
  public var prompt: String?
  /// While editing the input: the step and channel of the bit under the edit cursor.
  public var editing: (step: Int, channel: Int)?
  /// A short message for the status line (an error, a confirmation).
  public var message: String?
  /// Training in the background (`ntm view --train`), or nil.
  public var training: TrainingStatus?
  /// A second model run on the same sequences (`ntm view --compare`), and whether it is shown.
  public var comparison: Comparison?
  /// The playground, opened on the selected head at the shown step (`o`); the viewer resumes
  /// at the same step when it closes.
  public var playground: PlaygroundState?
  /// Side effects `update` asked for, taken by the command that runs the screen.
  public var commands: [ViewerCommand] = []
  /// The models `t` (another task) and `m` (the other machine) switch to.
  public var shelf: ModelShelf

  public enum PanelID: String, Sendable, CaseIterable {
    case sequence, timeline, vectors, addressing
  }

  /// The panel beside the sequence: the weightings over time (the paper's Figure 6), or each
  /// head's health (focus, sharpness, gate, …) over the run.
  public enum TimelineMode: Sendable, Equatable {
    case weightings, health
  }

  public init(
    model: ViewerModel, task: any TaskGenerator, seed: UInt64 = 1, size: Int? = nil,
    shelf: [ViewerModel] = []
  ) {
    source = .model(model, task: task)
    sequenceSeed = seed
    self.size = size ?? ViewerState.defaultSize(task)
    var rng = SeededGenerator(seed: seed)
    let episode = task.episode(size: self.size, using: &rng)
    run = RecordedRun(machine: model.parameters, episode: episode, reading: task.reading(of: episode))
    self.shelf = ModelShelf(shelf + [model])
  }

  /// A replayed run: `ntm view --trace`.
  public init(trace run: RecordedRun, name: String, task: (any TaskGenerator)?) {
    source = .trace(name: name, task: task)
    sequenceSeed = 0
    size = 0
    self.run = run
    shelf = ModelShelf()
  }

  /// The middle of the task's training range: a sequence the model was trained on.
  static func defaultSize(_ task: any TaskGenerator) -> Int {
    (task.trainingSizes.lowerBound + task.trainingSizes.upperBound) / 2
  }

  /// The model being run, or nil for a replayed trace.
  public var model: ViewerModel? {
    if case .model(let model, _) = source { model } else { nil }
  }
  /// The task, if known (a foreign trace may not name one).
  public var task: (any TaskGenerator)? {
    switch source {
    case .model(_, let task): task
    case .trace(_, let task): task
    }
  }
  public var episode: Episode { run.episode }
  public var records: [MachineRecord<Float>] { run.records }
  /// The step shown, t, or nil before step 0.
  public var shownStep: Int? { time > 0 ? time - 1 : nil }
  /// The record of the step shown, or nil before the first step.
  public var current: MachineRecord<Float>? { shownStep.map { run.records[$0] } }
  /// The memory shown: after the shown step's writes, or before step 0.
  public var memory: Matrix<Float> { run.memory(after: shownStep) }
  /// Each head's weighting after the shown step (before step 0: the initial weightings).
  public var weightings: [[Float]] { run.weightings(after: shownStep) }
  /// The location the selected head weights most after the current step, if a step has run and
  /// the head is focused there (weight at least 0.1): an idle head, such as the copy model's
  /// write head during the output, spreads its weight too thin to point anywhere.
  public var selectedFocus: Int? { shownStep.flatMap { run.focus(ofHead: selectedHead, at: $0) } }
  public var atEnd: Bool { time >= episode.length }
  public var headCount: Int { run.heads.count }
  /// The name of head `index`: write0, read0, …
  public func headName(_ index: Int) -> String { run.heads[index].description }

  /// The cost of the scored steps taken so far.
  public var costSoFar: SequenceCost { run.cost(through: shownStep) }

  // MARK: Stepping (the run is computed; stepping only moves through it)

  public mutating func stepForward() { time = min(time + 1, episode.length) }
  /// Back one step: exact, since every step's record is kept.
  public mutating func stepBack() { time = max(0, time - 1) }
  public mutating func jumpToStart() { time = 0 }
  public mutating func jumpToEnd() { time = episode.length }
  /// Shows step t (nil: before step 0), clamped to the run.
  public mutating func show(step t: Int?) { time = t.map { min(max($0, 0), episode.length - 1) + 1 } ?? 0 }

  /// Recomputes the run (after the model, the sequence or the input changed), keeping the
  /// shown step where the new sequence has it.
  mutating func rerun(episode: Episode) {
    guard case .model(let model, let task) = source else { return }
    run = RecordedRun(machine: model.parameters, episode: episode, reading: task.reading(of: episode))
    time = min(time, episode.length)
    comparison?.rerun(on: run, task: task.name)
  }

  /// A new sequence of the current size (seed + 1), from the start.
  public mutating func newSequence(seed: UInt64? = nil) {
    guard case .model(_, let task) = source else { return }
    sequenceSeed = seed ?? sequenceSeed &+ 1
    var rng = SeededGenerator(seed: sequenceSeed)
    time = 0
    rerun(episode: task.episode(size: size, using: &rng))
  }

  /// Changes the size knob within what the task accepts, keeping the seed.
  public mutating func resize(by delta: Int) {
    guard let task else { return }
    let next = min(max(size + delta, task.validSizes.lowerBound), task.validSizes.upperBound)
    guard next != size else { return }
    size = next
    newSequence(seed: sequenceSeed)
  }

  /// Toggles one input bit and re-runs the sequence (the model sees the edited input).
  public mutating func toggleInput(step: Int, channel: Int) {
    guard case .model(_, let task) = source, episode.inputs.indices.contains(step),
      episode.inputs[step].indices.contains(channel)
    else { return }
    var edited = episode
    edited.inputs[step][channel] = edited.inputs[step][channel] > 0.5 ? 0 : 1
    // Where the task defines targets from inputs (copy, repeat copy, parentheses), they follow
    // the edit, so wrong bits stay wrong bits.
    rerun(episode: task.retargeted(edited) ?? edited)
  }

  /// Runs new parameters of the same model (training) on the same sequence, at the same step.
  mutating func replaceParameters(_ parameters: MachineParameters<Float>, sequencesSeen: Int) {
    guard case .model(var model, let task) = source else { return }
    model.parameters = parameters
    model.sequencesSeen = sequencesSeen
    source = .model(model, task: task)
    rerun(episode: episode)
  }

  /// Switches to another task's model, or an untrained one when none ships.
  public mutating func switchTask(to name: String, task: any TaskGenerator, model: ViewerModel) {
    source = .model(model, task: task)
    size = ViewerState.defaultSize(task)
    var rng = SeededGenerator(seed: sequenceSeed)
    let episode = task.episode(size: size, using: &rng)
    run = RecordedRun(machine: model.parameters, episode: episode, reading: task.reading(of: episode))
    time = 0
    comparison?.rerun(on: run, task: task.name)
    selectedHead = min(selectedHead, headCount - 1)
    cursor = min(cursor, run.locations - 1)
    zoom = 0
    breakpoints = []
  }

  /// Runs another machine's model of the same task on the same sequence, at the same step, so
  /// that the two can be compared (`m`).
  mutating func switchMachine(to model: ViewerModel) {
    guard case .model(_, let task) = source else { return }
    source = .model(model, task: task)
    rerun(episode: episode)
    selectedHead = min(selectedHead, headCount - 1)
    cursor = min(cursor, run.locations - 1)
    zoom = 0
  }
}
