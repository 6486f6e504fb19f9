/// The DNC page's keys, in the order the help lists them.
public enum DNCPlaygroundKeys {
  public static let help: [(keys: String, action: String)] = [
    ("↑ ↓  tab", "select a parameter: write head, read head, fixes"),
    ("← →  - +", "change it (k: next / previous memory row)"),
    ("space .", "take the step: the memory moves on"),
    ("backspace ,", "undo a step"),
    ("0 … 7  p", "load a preset / the next preset"),
    ("n", "the NTM page: one head's addressing"),
    ("?", "this help"),
    ("q ctrl-c", "quit"),
  ]
}

extension DNCPlaygroundState {
  /// The next state after an event, or nil to quit.
  public func updated(by event: TerminalEvent) -> DNCPlaygroundState? {
    var s = self
    s.message = nil
    guard case .key(let key) = event else { return s }
    if key == .ctrlC { return nil }
    if s.showsHelp {
      if key == .character("q") { return nil }
      s.showsHelp = false
      return s
    }
    let parameters = DNCPlaygroundParameter.allCases
    let selected = parameters.firstIndex(of: s.selected) ?? 0
    let presets = DNCPlaygroundPreset.all
    switch key {
    case .character("q"): return nil
    case .up: s.selected = parameters[max(selected - 1, 0)]
    case .down: s.selected = parameters[min(selected + 1, parameters.count - 1)]
    case .tab: s.selected = parameters[(selected + 1) % parameters.count]
    case .backTab: s.selected = parameters[(selected + parameters.count - 1) % parameters.count]
    case .right, .character("+"), .character("="): s.adjust(s.selected, by: 1)
    case .left, .character("-"), .character("_"): s.adjust(s.selected, by: -1)
    case .character(" "), .character("."):
      s.takeStep()
      s.message = "took the step (step \(s.steps)): the memory, usage and links moved on"
    case .backspace, .character(","):
      if s.steps > 0 {
        s.undoStep()
        s.message = "undid a step (step \(s.steps))"
      }
    case .character(let c) where c.isASCII && c.isNumber:
      let index = Int(String(c))!
      if index < presets.count { s.apply(presets[index]) }
    case .character("p"): s.apply(presets[(s.presetIndex + 1) % presets.count])
    case .character("?"): s.showsHelp = true
    default: break
    }
    return s
  }
}
