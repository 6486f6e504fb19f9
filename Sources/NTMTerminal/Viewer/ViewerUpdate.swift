import NTM

/// The viewer's keys, in the order the help overlay lists them.
public enum ViewerKeys {
  public static let help: [(keys: String, action: String)] = [
    ("→ .", "step forward"),
    ("← ,", "step back (exact: restores the saved state)"),
    ("space", "play / pause"),
    ("+ -", "play faster / slower"),
    ("home end", "jump to the start / the end"),
    ("r", "new random sequence"),
    ("] [", "longer / shorter sequence"),
    ("t", "switch task (loads its shipped model)"),
    ("tab shift-tab", "select the next / previous head"),
    ("h l  H L", "move the cursor 1 / 8 (or click); view follows until a step"),
    ("z Z", "zoom the memory out / in"),
    ("1 2 3 4", "toggle sequence, timeline, vectors, addressing panels"),
    ("e", "edit the input: arrows move, space toggles the bit, e or esc leaves"),
    ("p s", "with --train: pause or resume training; save a checkpoint"),
    ("?", "this help"),
    ("q ctrl-c", "quit"),
  ]
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
    return s
  }

  /// The next state after an event, or nil to quit. `locationAt` maps mouse clicks to locations.
  public func updated(by event: TerminalEvent, locationAt: (Int, Int) -> Int? = { _, _ in nil })
    -> ViewerState?
  {
    var s = self
    if event != .tick { s.message = nil }
    switch event {
    case .tick:
      if s.playing {
        s.stepForward()
        s.memoryFollowsHead = true
        if s.atEnd { s.playing = false }
      }
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
      if s.editing != nil { return s.editingUpdate(key) }
      return s.keyUpdate(key)
    }
    return s
  }

  private func keyUpdate(_ key: Key) -> ViewerState? {
    var s = self
    let n = configuration.memoryLocations
    switch key {
    case .right, .character("."), .left, .character(","), .home, .character("g"), .end, .character("G"),
      .tab, .backTab:
      s.memoryFollowsHead = true
    case .character("h"), .character("l"), .character("H"), .character("L"):
      s.memoryFollowsHead = false
    default: break
    }
    switch key {
    case .character("q"), .ctrlC: return nil
    case .right, .character("."): s.stepForward()
    case .left, .character(","): s.stepBack()
    case .character(" "):
      if s.atEnd { s.jumpToStart() }
      s.playing.toggle()
    case .character("+"), .character("="): s.speed = min(s.speed * 2, 64)
    case .character("-"), .character("_"): s.speed = max(s.speed / 2, 0.5)
    case .home, .character("g"): s.jumpToStart()
    case .end, .character("G"): s.jumpToEnd()
    case .character("r"): s.newSequence()
    case .character("]"): s.resize(by: 1)
    case .character("["): s.resize(by: -1)
    case .tab: s.selectedHead = (s.selectedHead + 1) % s.headCount
    case .backTab: s.selectedHead = (s.selectedHead + s.headCount - 1) % s.headCount
    case .character("l"): s.cursor = min(s.cursor + 1, n - 1)
    case .character("h"): s.cursor = max(s.cursor - 1, 0)
    case .character("L"): s.cursor = min(s.cursor + 8, n - 1)
    case .character("H"): s.cursor = max(s.cursor - 8, 0)
    case .character("z"): s.zoom = s.zoom == 0 || s.zoom >= 8 ? 0 : s.zoom * 2
    case .character("Z"): s.zoom = s.zoom == 0 ? 8 : max(1, s.zoom / 2)
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
    case .character("p") where s.training != nil:
      s.training!.isPaused.toggle()
      s.commands.append(.setTrainingPaused(s.training!.isPaused))
    case .character("s") where s.training != nil:
      s.commands.append(.saveCheckpoint)
    default: break
    }
    return s
  }

  private func editingUpdate(_ key: Key) -> ViewerState? {
    var s = self
    guard var edit = s.editing else { return s }
    let steps = s.episode.length
    let channels = s.task.inputWidth
    switch key {
    case .ctrlC: return nil
    case .character("e"), .escape, .character("q"):
      s.editing = nil
      return s
    case .left: edit.step = max(edit.step - 1, 0)
    case .right: edit.step = min(edit.step + 1, steps - 1)
    case .up: edit.channel = max(edit.channel - 1, 0)
    case .down: edit.channel = min(edit.channel + 1, channels - 1)
    case .character(" "), .enter:
      s.toggleInput(step: edit.step, channel: edit.channel)
      s.message = "input bit (step \(edit.step), channel \(edit.channel)) toggled; re-ran from the start"
    default: break
    }
    s.editing = edit
    return s
  }

  private mutating func toggle(_ panel: PanelID) {
    if hidden.contains(panel) { hidden.remove(panel) } else { hidden.insert(panel) }
  }

  /// The next task in `TaskName` order, with its shipped model or an untrained one.
  private func nextTask() -> ViewerState {
    var s = self
    let names = TaskName.allNames
    let index = names.firstIndex(of: task.name) ?? 0
    let name = names[(index + 1) % names.count]
    do {
      let model: ViewerModel
      let task: any TaskGenerator
      if let shipped = modelsByTask[name] {
        model = shipped
        task = try makeTask(named: name, parameters: shipped.taskParameters)
      } else {
        task = try makeTask(named: name)
        var c = Configuration(inputWidth: task.inputWidth, outputWidth: task.outputWidth)
        c.memoryLocations = configuration.memoryLocations
        model = ViewerModel(
          parameters: Parameters(configuration: c, seed: 1), label: "untrained (seed 1)", sequencesSeen: 0,
          taskName: name, taskParameters: task.parameters)
      }
      s.switchTask(to: name, task: task, model: model)
      s.message = "switched to \(name): \(model.label)"
    } catch {
      s.message = "cannot switch to \(name): \(error)"
    }
    return s
  }
}
