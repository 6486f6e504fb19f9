import NTM

/// The breakpoint menu (`b`): a short list of conditions for the selected head, each toggled on
/// or off with space, with its threshold changed by ← →. Play stops at the first step where an
/// active one holds, and says which (`ViewerState.breakpoints`).
public struct BreakpointMenu: Sendable, Equatable {
  public var selection = 0
  public var weightBelow: Float = 0.5
  public var entropyAbove: Float = 1
  public var gateAbove: Float = 0.9
  public var gateBelow: Float = 0.1

  public init() {}

  /// The gate whose thresholds the menu offers for head `h` of `run`: the NTM's interpolation
  /// gate g, the DNC write head's allocation gate gᵃ, or a DNC read head's forward mode.
  static func gate(ofHead h: Int, in run: RecordedRun) -> String {
    let names = run.measures[0][h].map(\.name)
    return ["g", "ga", "forward"].first { names.contains($0) } ?? "g"
  }

  /// The conditions offered for `head`, with its `gate` (see ``gate(ofHead:in:)``), whose cursor
  /// is at `location`.
  public func entries(head: String, gate: String = "g", location: Int) -> [StepCondition] {
    [
      .wrongBit,
      .measure(head: .named(head), name: "weight", comparison: .less, threshold: weightBelow),
      .measure(head: .named(head), name: "entropy", comparison: .greater, threshold: entropyAbove),
      .measure(head: .named(head), name: gate, comparison: .greater, threshold: gateAbove),
      .measure(head: .named(head), name: gate, comparison: .less, threshold: gateBelow),
      .measure(head: .named(head), name: "focus", comparison: .equal, threshold: Float(location)),
      .notANumber,
    ]
  }

  /// An entry in words.
  static func describe(_ condition: StepCondition) -> String {
    switch condition {
    case .wrongBit: return "a wrong output bit"
    case .notANumber: return "a NaN anywhere in the step"
    case .measure(let head, let name, let comparison, let threshold):
      let value = StepCondition.measure(head: head, name: name, comparison: comparison, threshold: threshold)
        .description
      switch name {
      case "weight": return "\(head)'s largest weight below \(threshold) (a blurred head)   \(value)"
      case "entropy": return "\(head)'s entropy above \(threshold) bits (spread out)   \(value)"
      case "g" where comparison == .greater:
        return "\(head)'s gate g above \(threshold) (content used)   \(value)"
      case "g": return "\(head)'s gate g below \(threshold) (content ignored)   \(value)"
      case "ga" where comparison == .greater:
        return "\(head)'s allocation gate gᵃ above \(threshold) (allocating)   \(value)"
      case "ga": return "\(head)'s allocation gate gᵃ below \(threshold) (writing by content)   \(value)"
      case "forward" where comparison == .greater:
        return "\(head)'s forward mode π above \(threshold) (following the links)   \(value)"
      case "forward": return "\(head)'s forward mode π below \(threshold) (not following them)   \(value)"
      case "focus": return "\(head) at location \(Int(threshold)) (the cursor's)   \(value)"
      default: return value
      }
    }
  }

  /// Changes the threshold of entry `index` by one notch.
  mutating func adjust(_ index: Int, by direction: Float) {
    switch index {
    case 1: weightBelow = min(max(weightBelow + 0.1 * direction, 0.1), 1)
    case 2: entropyAbove = max(entropyAbove + 0.5 * direction, 0)
    case 3: gateAbove = min(max(gateAbove + 0.1 * direction, 0), 1)
    case 4: gateBelow = min(max(gateBelow + 0.1 * direction, 0), 1)
    default: break
    }
    // Thresholds on a 0.1 grid stay exact in their text ("0.3", not "0.30000001").
    (weightBelow, gateAbove, gateBelow) = (
      (weightBelow * 10).rounded() / 10, (gateAbove * 10).rounded() / 10, (gateBelow * 10).rounded() / 10
    )
  }

  /// The menu drawn over the screen: the entries, each with [x] when active, and below them the
  /// active breakpoints that are not entries (set for another head or threshold).
  func render(into grid: inout CellGrid, state s: ViewerState, theme: Theme) {
    let entries = entries(
      head: s.headName(s.selectedHead), gate: Self.gate(ofHead: s.selectedHead, in: s.run), location: s.cursor
    )
    var lines: [Label] = []
    for (i, entry) in entries.enumerated() {
      let mark = s.breakpoints.contains(entry) ? "[x] " : "[ ] "
      let style = i == selection ? theme.accent.adding(.reverse) : CellStyle.plain
      lines.append(Label(mark + BreakpointMenu.describe(entry), style: style))
    }
    let others = s.breakpoints.filter { !entries.contains($0) }
    if !others.isEmpty {
      lines.append(Label(""))
      lines.append(Label("also active:", style: theme.muted))
      for other in others { lines.append(Label("[x] \(other)")) }
    }
    lines.append(Label(""))
    lines.append(
      Label("↑ ↓ select · space toggles · ← → threshold · x clears all · esc closes", style: theme.muted))
    Overlay(title: "Breakpoints: play stops where one holds", lines: lines).render(
      into: &grid, in: grid.bounds, theme: theme)
  }
}

extension ViewerState {
  func breakpointUpdate(_ menu: BreakpointMenu, _ key: Key) -> ViewerState? {
    var s = self
    var menu = menu
    let gate = BreakpointMenu.gate(ofHead: selectedHead, in: run)
    let entries = menu.entries(head: headName(selectedHead), gate: gate, location: cursor)
    switch key {
    case .escape, .character("b"), .character("q"):
      s.breakpointMenu = nil
      let count = s.breakpoints.count
      s.message =
        count == 0 ? "no breakpoints" : "\(count) breakpoint\(count == 1 ? "" : "s"): space plays to one"
      return s
    case .up, .character("k"): menu.selection = max(menu.selection - 1, 0)
    case .down, .character("j"): menu.selection = min(menu.selection + 1, entries.count - 1)
    case .character(" "), .enter:
      let entry = entries[menu.selection]
      if let i = s.breakpoints.firstIndex(of: entry) {
        s.breakpoints.remove(at: i)
      } else {
        s.breakpoints.append(entry)
      }
    case .left, .right, .character("-"), .character("+"):
      let old = entries[menu.selection]
      menu.adjust(menu.selection, by: key == .left || key == .character("-") ? -1 : 1)
      let new = menu.entries(head: headName(selectedHead), gate: gate, location: cursor)[menu.selection]
      if let i = s.breakpoints.firstIndex(of: old) { s.breakpoints[i] = new }
    case .character("x"): s.breakpoints = []
    default: break
    }
    s.breakpointMenu = menu
    return s
  }
}
