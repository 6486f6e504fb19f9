/// The playground's keys, in the order the help overlay lists them.
public enum PlaygroundKeys {
  /// The keys; the page switch only in `ntm playground`, not in the viewer's embedded one.
  public static func help(embedded: Bool) -> [(keys: String, action: String)] {
    embedded ? all.filter { $0.keys != "d" } : all
  }

  static let all: [(keys: String, action: String)] = [
    ("↑ ↓  tab", "select a parameter: k, β, g, the shift weights, γ"),
    ("← →  - +", "change it (k: next / previous memory row)"),
    ("space .", "step the head: wₜ₋₁ := w"),
    ("backspace ,", "undo a step of the head"),
    ("[ ]", "show the previous / next stage's formula"),
    ("0 … 6  p", "load a preset / the next preset"),
    ("m", "edit memory and key: arrows, +/-, x flips"),
    ("h l", "move the cursor one location left / right"),
    ("c", "copy the cursor's memory row into the key"),
    ("k", "type the key: M numbers, or signs like +-+0--"),
    ("e enter", "type the cursor's memory row"),
    ("f", "put all of wₜ₋₁ on the cursor's location"),
    ("R", "new random memory"),
    ("r", "opened on a model's step: its own values back"),
    ("esc", "leave memory editing, cancel typing"),
    ("d", "the DNC page: allocation, links, read modes"),
    ("?", "this help"),
    ("q ctrl-c", "quit"),
  ]
}

extension PlaygroundState {
  /// The next state after an event, or nil to quit.
  public func updated(by event: TerminalEvent) -> PlaygroundState? {
    var s = self
    s.message = nil
    guard case .key(let key) = event else { return s }
    if key == .ctrlC { return nil }
    if s.showsHelp {
      if key == .character("q") { return nil }
      s.showsHelp = false
      return s
    }
    if s.prompt != nil { return s.promptUpdate(key) }
    if s.focus == .memory, let edited = s.memoryUpdate(key) { return edited }
    return s.keyUpdate(key)
  }

  private func keyUpdate(_ key: Key) -> PlaygroundState? {
    var s = self
    let parameters = s.parameters
    let selected = parameters.firstIndex(of: s.selected) ?? 0
    let stages = PlaygroundStage.allCases
    switch key {
    case .character("q"): return nil
    case .up: s.select(parameters[max(selected - 1, 0)])
    case .down: s.select(parameters[min(selected + 1, parameters.count - 1)])
    case .tab:
      s.focus = .parameters
      s.select(parameters[(selected + 1) % parameters.count])
    case .backTab:
      s.focus = .parameters
      s.select(parameters[(selected + parameters.count - 1) % parameters.count])
    case .right, .character("+"), .character("="): s.adjust(s.selected, by: 1)
    case .left, .character("-"), .character("_"): s.adjust(s.selected, by: -1)
    case .character(" "), .character("."):
      s.stepHead()
      s.message = "stepped the head: wₜ₋₁ := w (step \(s.steps))"
    case .backspace, .character(","):
      if s.steps > 0 {
        s.undoStep()
        s.message = "undid a step (step \(s.steps))"
      }
    case .character("["): s.stage = stages[(s.stage.rawValue + stages.count - 1) % stages.count]
    case .character("]"): s.stage = stages[(s.stage.rawValue + 1) % stages.count]
    case .character(let c) where c.isASCII && c.isNumber:
      let index = Int(String(c))!
      if index < PlaygroundPreset.all.count { s.apply(PlaygroundPreset.all[index]) }
    case .character("p"): s.apply(PlaygroundPreset.all[(s.presetIndex + 1) % PlaygroundPreset.all.count])
    case .character("m"):
      s.focus = .memory
      s.stage = .similarity
      s.message = "editing memory: arrows move, +/- change, x flips, c copies the row into k, esc leaves"
    case .character("h"): s.moveCursor(to: max(s.cursor.location - 1, 0))
    case .character("l"): s.moveCursor(to: s.cursor.location + 1)
    case .character("c"):
      if s.cursor.location >= 0 {
        s.copyRowIntoKey(s.cursor.location)
        s.message = "k := M(\(s.cursor.location)): a lookup of row \(s.cursor.location) is now exact"
      }
    case .character("k"): s.prompt = Prompt(target: .key)
    case .enter where s.selected == .key && s.focus == .parameters: s.prompt = Prompt(target: .key)
    case .character("e"), .enter:
      s.prompt = s.cursor.location < 0 ? Prompt(target: .key) : Prompt(target: .row(s.cursor.location))
    case .character("f"):
      s.focusPrevious(at: max(s.cursor.location, 0))
      s.message = "wₜ₋₁ := all weight on location \(max(s.cursor.location, 0))"
    case .character("r"):
      if s.origin != nil {
        s.restoreOrigin()
        s.message = "the model's own memory and values"
      }
    case .character("R"):
      s.memorySeed &+= 1
      if s.memory.rows == PlaygroundState.defaultLocations && s.memory.columns == PlaygroundState.defaultWidth
      {
        s.memory = PlaygroundState.seededMemory(seed: s.memorySeed)
      } else {
        // A model's memory has another shape than the key and weightings of the teaching one.
        s.apply(s.preset)
      }
      s.message = "new random memory (seed \(s.memorySeed))"
    case .character("?"): s.showsHelp = true
    default: break
    }
    return s
  }

  /// Keys with a meaning of their own while editing memory; nil for the others, which keep
  /// their ordinary meaning.
  private func memoryUpdate(_ key: Key) -> PlaygroundState? {
    var s = self
    let (location, component) = s.cursor
    switch key {
    case .escape, .character("m"):
      s.focus = .parameters
      s.stage = s.selected.stage
    case .left: s.moveCursor(to: location - 1)
    case .right: s.moveCursor(to: location + 1)
    case .up: s.cursor.component = max(component - 1, 0)
    case .down: s.cursor.component = min(component + 1, s.memory.columns - 1)
    case .character("h"): s.moveCursor(to: location - 1)
    case .character("+"), .character("="):
      s.changeValue(atLocation: location, component: component, by: PlaygroundState.valueStep)
    case .character("-"), .character("_"):
      s.changeValue(atLocation: location, component: component, by: -PlaygroundState.valueStep)
    case .character("x"): s.negateValue(atLocation: location, component: component)
    default: return nil
    }
    return s
  }

  private func promptUpdate(_ key: Key) -> PlaygroundState? {
    var s = self
    guard var prompt = s.prompt else { return s }
    switch key {
    case .escape:
      s.prompt = nil
      return s
    case .backspace, .delete:
      if !prompt.text.isEmpty { prompt.text.removeLast() }
    case .enter:
      switch PlaygroundState.parseValues(prompt.text, width: s.memory.columns) {
      case .success(let values):
        switch prompt.target {
        case .key:
          s.key = values
          s.message = "key set"
        case .row(let i):
          for (j, v) in values.enumerated() { s.memory[i, j] = v }
          s.message = "memory row \(i) set"
        }
        s.prompt = nil
      case .failure(let error):
        s.message = error.description
      }
      return s
    case .character(let c) where !c.isASCII || c.asciiValue! >= 0x20:
      if prompt.text.count < 60 { prompt.text.append(c) }
    default: break
    }
    s.prompt = prompt
    return s
  }
}
