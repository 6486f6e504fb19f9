import NTM

/// Everything the viewer screen shows, as a value: `update` makes a new one per event and
/// `render` draws one. The machine's numbers come from the library's step records; the
/// viewer never computes them itself.
public struct ViewerState: Sendable {
  public var model: ViewerModel
  public var task: any TaskGenerator
  public var episode: Episode
  /// The seed of the current sequence; "new sequence" moves to the next one.
  public var sequenceSeed: UInt64
  /// The size knob of the current sequence (copy: its length).
  public var size: Int

  /// The records of the steps computed so far, `records[t]` for step t.
  public private(set) var records: [StepRecord<Float>] = []
  /// `states[t]` is the machine's state before step t: stepping back restores one exactly.
  public private(set) var states: [MachineState<Float>]
  /// Steps taken: 0 before the first step, `episode.length` at the end.
  public private(set) var time = 0

  public var playing = false
  /// Autoplay speed in steps per second.
  public var speed: Double = 4
  /// Index into the step record's heads (write heads first).
  public var selectedHead = 0
  /// The inspector's memory location.
  public var cursor = 0
  /// Locations per screen column in the memory panel: 1 (one column each, scrolled as
  /// `memoryOffset` says), 2, 4, 8, or 0 to fit the whole memory.
  public var zoom = 1
  /// Whether the memory panel keeps the selected head's focus in view rather than the cursor:
  /// whichever the user touched last. Stepping or choosing a head follows the head, so a model
  /// that writes near the end of memory (the repeat copy model walks down from 0 to 127, 126, …)
  /// is not drawn off screen; moving the cursor hands the view back to it.
  public var memoryFollowsHead = false
  /// The first location the memory panel showed: the view scrolls from here by the least
  /// amount that keeps the cursor (or the followed head's focus) visible, so it does not jump
  /// back when the cursor returns, and a click selects the location that stays under the mouse.
  /// `updated(by:size:)` keeps it.
  public var memoryOffset = 0
  public var hidden: Set<PanelID> = []
  public var showsHelp = false
  /// While editing the input: the step and channel of the bit under the edit cursor.
  public var editing: (step: Int, channel: Int)?
  /// A short message for the status line (an error, a confirmation).
  public var message: String?
  /// Training in the background (`ntm view --train`), or nil.
  public var training: TrainingStatus?
  /// Side effects `update` asked for, taken by the command that runs the screen.
  public var commands: [ViewerCommand] = []
  /// Other tasks' models, by task name, for switching tasks (`t`).
  public var modelsByTask: [String: ViewerModel]

  public enum PanelID: String, Sendable, CaseIterable {
    case sequence, timeline, vectors, addressing
  }

  public init(
    model: ViewerModel, task: any TaskGenerator, seed: UInt64 = 1, size: Int? = nil,
    modelsByTask: [String: ViewerModel] = [:]
  ) {
    self.model = model
    self.task = task
    sequenceSeed = seed
    self.size = size ?? ViewerState.defaultSize(task)
    var rng = SeededGenerator(seed: seed)
    episode = task.episode(size: self.size, using: &rng)
    states = [Machine.initialState(model.parameters)]
    self.modelsByTask = modelsByTask
  }

  /// The middle of the task's training range: a sequence the model was trained on.
  static func defaultSize(_ task: any TaskGenerator) -> Int {
    (task.trainingSizes.lowerBound + task.trainingSizes.upperBound) / 2
  }

  public var configuration: Configuration { model.parameters.configuration }
  public var machineState: MachineState<Float> { states[time] }
  /// The record of the step just taken, or nil before the first step.
  public var current: StepRecord<Float>? { time > 0 ? records[time - 1] : nil }
  /// The location the selected head weights most after the current step, if a step has run and
  /// the head is focused there (weight at least 0.1): an idle head, such as the copy model's
  /// write head during the output, spreads its weight too thin to point anywhere.
  public var selectedFocus: Int? {
    guard let head = current?.heads[selectedHead] else { return nil }
    let summary = AddressingSummary(head.addressing, shifts: configuration.shifts)
    return summary.focusWeight >= 0.1 ? summary.focus : nil
  }
  public var atEnd: Bool { time >= episode.length }
  public var headCount: Int { configuration.writeHeads + configuration.readHeads }

  /// The cost of the scored steps taken so far.
  public var costSoFar: SequenceCost {
    SequenceCost(
      records: Array(records[0..<time]), targets: Array(episode.targets[0..<time]),
      scored: Array(episode.scored[0..<time]))
  }

  // MARK: Stepping (the library computes; the state only keeps the results)

  public mutating func stepForward() {
    guard !atEnd else { return }
    if records.count == time {
      let (record, next) = Machine.step(model.parameters, from: states[time], input: episode.inputs[time])
      records.append(record)
      states.append(next)
    }
    time += 1
  }

  /// Back one step: instant and exact, by returning to the saved state.
  public mutating func stepBack() { time = max(0, time - 1) }

  public mutating func jumpToStart() { time = 0 }
  public mutating func jumpToEnd() { while !atEnd { stepForward() } }

  /// Forgets computed steps (after the model or the input changed) and goes back to t = 0.
  public mutating func restart() {
    records = []
    states = [Machine.initialState(model.parameters)]
    time = 0
  }

  /// A new sequence of the current size (seed + 1), from the start.
  public mutating func newSequence(seed: UInt64? = nil) {
    sequenceSeed = seed ?? sequenceSeed &+ 1
    var rng = SeededGenerator(seed: sequenceSeed)
    episode = task.episode(size: size, using: &rng)
    restart()
  }

  /// Changes the size knob within what the task accepts, keeping the seed.
  public mutating func resize(by delta: Int) {
    let next = min(max(size + delta, task.validSizes.lowerBound), task.validSizes.upperBound)
    guard next != size else { return }
    size = next
    newSequence(seed: sequenceSeed)
  }

  /// Toggles one input bit and re-runs from the start (the model sees the edited sequence).
  public mutating func toggleInput(step: Int, channel: Int) {
    guard episode.inputs.indices.contains(step), episode.inputs[step].indices.contains(channel) else {
      return
    }
    episode.inputs[step][channel] = episode.inputs[step][channel] > 0.5 ? 0 : 1
    // Where the task defines targets from inputs (copy, repeat copy, parentheses), they follow
    // the edit, so wrong bits stay wrong bits.
    if let retargeted = task.retargeted(episode) { episode = retargeted }
    let keepTime = time
    restart()
    while time < keepTime { stepForward() }
  }

  /// Switches to another task's model, or an untrained one when none ships.
  public mutating func switchTask(to name: String, task: any TaskGenerator, model: ViewerModel) {
    self.model = model
    self.task = task
    size = ViewerState.defaultSize(task)
    selectedHead = min(selectedHead, headCount - 1)
    cursor = min(cursor, configuration.memoryLocations - 1)
    zoom = 1
    newSequence(seed: sequenceSeed)
  }
}
