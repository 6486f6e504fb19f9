import NTM

/// The viewer's keys, in the order the help overlay lists them.
public enum ViewerKeys {
  public static let help: [(keys: String, action: String)] = [
    ("→ .", "step forward"),
    ("← ,", "step back (exact: every step is kept)"),
    ("space", "play / pause; play stops at breakpoints"),
    ("+ -", "play faster / slower"),
    ("home end", "jump to the start / the end"),
    ("n N", "next / previous step with a wrong output bit"),
    (":", "go to step t, or to where a condition holds"),
    ("b", "breakpoints: wrong bit, blurred head, NaN …"),
    ("w", "timeline: weightings over time / head health"),
    ("c", "with --compare: show / hide the second model"),
    ("o", "open the selected head at this step in the playground"),
    ("r", "new random sequence"),
    ("] [", "longer / shorter sequence"),
    ("t", "next task (your checkpoint stays with its own)"),
    ("m", "the other machine (NTM / DNC) on this sequence"),
    ("tab shift-tab", "select the next / previous head"),
    ("h l  H L", "move the cursor 1 / 8 locations (or click)"),
    ("z Z", "show more / fewer memory locations"),
    ("1 2 3 4", "toggle sequence, timeline, vectors, stages"),
    ("e", "edit the input bits (arrows, space, e leaves)"),
    ("p s", "with --train: pause / resume; save"),
    ("?", "this help"),
    ("q ctrl-c", "quit"),
  ]

  /// The help's one paragraph on numbering, shown under the keys.
  public static let numbering =
    "Steps are numbered t = 0, 1, … as in `ntm trace`: \"t = 4/20\" shows step 4 of steps 0…20 (its record, the memory and the weightings after it), and \"t = –\" the start, before step 0."
}

extension ViewerState {
  /// The next state after an event on a screen of `size`, or nil to quit: clicks select the
  /// memory location drawn under the mouse, and the memory view keeps its scroll position.
  public func updated(by event: TerminalEvent, size: Size) -> ViewerState? {
    guard
      var s = updated(
        by: event, locationAt: { x, y in ViewerScreen.location(atX: x, y: y, state: self, size: size) })
    else { return nil }
    s.memoryOffset = ViewerScreen.memoryOffset(s, size: size) ?? s.memoryOffset
    // w and c switch the panel beside the sequence: say so when it is not on screen.
    if case .key(.character(let c)) = event, "wc".contains(c), s.message == nil,
      ViewerScreen.layout(s, size: size).map({ $0.timeline == nil }) ?? false
    {
      let full = ViewerLayout.full
      s.message =
        s.hidden.contains(.timeline)
        ? "the panel beside the sequence is hidden: 2 shows it"
        : "the panel beside the sequence needs a terminal of \(full.width)×\(full.height): enlarge it to see it"
    }
    return s
  }

  /// The next state after an event, or nil to quit. `locationAt` maps mouse clicks to locations.
  public func updated(by event: TerminalEvent, locationAt: (Int, Int) -> Int? = { _, _ in nil })
    -> ViewerState?
  {
    var s = self
    if let playground = s.playground { return s.playgroundUpdate(playground, event) }
    // A message stays until the user does something (ticks and resizes leave it).
    switch event {
    case .key, .mouse: s.message = nil
    case .tick, .resize: break
    }
    switch event {
    case .tick:
      if s.playing { s.playStep() }
    case .resize:
      break
    case .mouse(let x, let y, let button):
      if button == .left, let location = locationAt(x, y) {
        s.cursor = location
        s.memoryFollowsHead = false
      }
    case .key(let key):
      if s.showsHelp {
        if key == .ctrlC || key == .character("q") { return nil }
        s.showsHelp = false
        return s
      }
      if key == .ctrlC { return nil }
      if s.prompt != nil { return s.promptUpdate(key) }
      if let menu = s.breakpointMenu { return s.breakpointUpdate(menu, key) }
      if s.editing != nil { return s.editingUpdate(key) }
      return s.keyUpdate(key)
    }
    return s
  }

  private func keyUpdate(_ key: Key) -> ViewerState? {
    var s = self
    let n = run.locations
    switch key {
    case .right, .character("."), .left, .character(","), .home, .character("g"), .end, .character("G"),
      .tab, .backTab, .character("n"), .character("N"):
      s.memoryFollowsHead = true
    case .character("h"), .character("l"), .character("H"), .character("L"):
      s.memoryFollowsHead = false
    default: break
    }
    switch key {
    case .character("q"): return nil
    case .right, .character("."): s.stepForward()
    case .left, .character(","): s.stepBack()
    case .character(" "):
      if s.atEnd { s.jumpToStart() }
      s.playing.toggle()
    case .character("+"), .character("="): s.speed = min(s.speed * 2, 64)
    case .character("-"), .character("_"): s.speed = max(s.speed / 2, 0.5)
    case .home, .character("g"): s.jumpToStart()
    case .end, .character("G"): s.jumpToEnd()
    case .character("n"): s.jumpToError(forward: true)
    case .character("N"): s.jumpToError(forward: false)
    case .character(":"):
      s.playing = false
      s.prompt = ""
    case .character("b"):
      s.playing = false
      s.breakpointMenu = BreakpointMenu()
    case .character("w"): s.timeline = s.timeline == .weightings ? .health : .weightings
    case .character("o"): s.openPlayground()
    case .character("c"):
      if s.comparison == nil {
        s.message = "no second model: start with ntm view --checkpoint A --compare B"
      } else {
        s.comparison!.isShown.toggle()
      }
    case .character(let c) where s.model == nil && "r][etm".contains(c):
      s.message = "a replayed trace is one fixed sequence: r, [, ], e, t and m need a model"
    case .character("r"): s.newSequence()
    case .character("]"): s.resize(by: 1)
    case .character("["): s.resize(by: -1)
    case .tab: s.selectedHead = (s.selectedHead + 1) % s.headCount
    case .backTab: s.selectedHead = (s.selectedHead + s.headCount - 1) % s.headCount
    case .character("l"): s.cursor = min(s.cursor + 1, n - 1)
    case .character("h"): s.cursor = max(s.cursor - 1, 0)
    case .character("L"): s.cursor = min(s.cursor + 8, n - 1)
    case .character("H"): s.cursor = max(s.cursor - 8, 0)
    case .character("z"): s.zoom = max(s.zoom - 1, -MemoryWindow.maximumZoomOut(locations: n))
    case .character("Z"): s.zoom = min(s.zoom + 1, MemoryWindow.maximumZoomIn)
    case .character("1"): s.toggle(.sequence)
    case .character("2"): s.toggle(.timeline)
    case .character("3"): s.toggle(.vectors)
    case .character("4"): s.toggle(.addressing)
    case .character("?"): s.showsHelp = true
    case .character("e"):
      s.playing = false
      s.editing = (step: 0, channel: 0)
      s.message = "editing the input: arrows move, space toggles, e leaves"
    case .character("t"):
      guard s.training == nil else {
        s.message = "the task cannot change while training"
        return s
      }
      return s.nextTask()
    case .character("m"):
      guard s.training == nil else {
        s.message = "the machine cannot change while training"
        return s
      }
      return s.otherMachine()
    case .character("p") where s.training != nil:
      s.training!.isPaused.toggle()
      s.commands.append(.setTrainingPaused(s.training!.isPaused))
    case .character("s") where s.training != nil:
      s.commands.append(.saveCheckpoint)
    default: break
    }
    return s
  }

  /// One step of play, stopping at the end or where a breakpoint holds (and saying which).
  private mutating func playStep() {
    stepForward()
    memoryFollowsHead = true
    let run = self.run
    let hit = shownStep.flatMap { t in
      breakpoints.lazy.compactMap { c in c.explanation(in: run, at: t).map { (t, c, $0) } }.first
    }
    if let (t, condition, why) = hit {
      playing = false
      message = "stopped at t = \(t), breakpoint \(condition): \(why)"
    } else if atEnd {
      playing = false
    }
  }

  private func editingUpdate(_ key: Key) -> ViewerState? {
    var s = self
    guard var edit = s.editing else { return s }
    let steps = s.episode.length
    let channels = s.episode.inputs[0].count
    switch key {
    case .character("e"), .escape, .character("q"):
      s.editing = nil
      return s
    case .left: edit.step = max(edit.step - 1, 0)
    case .right: edit.step = min(edit.step + 1, steps - 1)
    case .up: edit.channel = max(edit.channel - 1, 0)
    case .down: edit.channel = min(edit.channel + 1, channels - 1)
    case .character(" "), .enter:
      s.toggleInput(step: edit.step, channel: edit.channel)
      s.message = "input bit (step \(edit.step), channel \(edit.channel)) toggled; re-ran the sequence"
    default: break
    }
    s.editing = edit
    return s
  }

  private mutating func toggle(_ panel: PanelID) {
    if hidden.contains(panel) { hidden.remove(panel) } else { hidden.insert(panel) }
  }

  /// The next task in `TaskName` order, with its model of the same machine: the user's own for
  /// its task, else the shipped one, else an untrained one (labelled).
  private func nextTask() -> ViewerState {
    var s = self
    guard let task, let model else { return s }
    let names = TaskName.allNames
    let index = names.firstIndex(of: task.name) ?? 0
    let name = names[(index + 1) % names.count]
    do {
      let known = shelf[model.machine, name]
      let nextTask = try makeTask(named: name, parameters: known?.taskParameters ?? [:])
      let next = try shelf.model(
        model.machine, task: nextTask, memoryLocations: model.parameters.machineConfiguration.memoryLocations)
      s.shelf.keep(model)
      s.switchTask(to: name, task: nextTask, model: next)
      s.message = "switched to \(name): \(next.label)"
    } catch {
      s.message = "cannot switch to \(name): \(error)"
    }
    return s
  }

  /// The other machine on the same task and the same sequence, at the same step: its model kept
  /// on the shelf (a shipped `dnc-TASK` model, or the one given on the command line), else an
  /// untrained one of its default shape.
  private func otherMachine() -> ViewerState {
    var s = self
    guard let task, let model else { return s }
    let other: MachineKind = model.machine == .ntm ? .dnc : .ntm
    do {
      let next = try shelf.model(other, task: task)
      s.shelf.keep(model)
      s.switchMachine(to: next)
      s.message = "switched to the \(other.title): \(next.label)"
    } catch {
      s.message = "cannot switch to the \(other.title): \(error)"
    }
    return s
  }
}
