import NTM

/// The header line: task and model, the step shown, the size, the cost so far, play state.
///
/// The step, the cost and the wrong-bit count always fit: when the line is too long the model's
/// description gives way first, shortened to its name and then cut.
struct ViewerHeader {
  let state: ViewerState

  /// The model's description, longest first; the first that fits is drawn.
  var modelDescriptions: [(String, trained: Bool)] {
    switch state.source {
    case .model(let model, _):
      guard model.isTrained else {
        return [("\(model.label), NOT TRAINED", false), ("NOT TRAINED", false), ("untrained", false)]
      }
      let seen = model.sequencesSeen
      let short = seen >= 10_000 ? "\(seen / 1000)k" : "\(seen)"
      return [
        ("\(model.label), trained on \(seen) sequences", true), ("\(model.label), \(short) sequences", true),
        (model.label, true),
      ]
    case .trace(let name, _):
      return [("replayed from \(name)", true), (name, true)]
    }
  }

  func render(into grid: inout CellGrid, in rect: Rect, theme: Theme) {
    let s = state
    let cost = s.costSoFar
    let last = s.episode.length - 1
    let position =
      s.shownStep.map { "t = \($0)/\(last) · \(s.episode.phases[$0].rawValue)" } ?? "t = –/\(last) · start"
    let size = s.task.flatMap { task in s.model.map { _ in Span(" │ \(task.sizeName) \(s.size)") } }
    var right: [Span] = [
      Span(" │ \(position)", style: theme.title),
      Span(
        " │ cost \(ViewerScreen.fixed(cost.bits, 2)) bits · \(Int(cost.bitErrors)) wrong", style: theme.title),
    ]
    if let comparison = s.comparison, comparison.isShown, let other = comparison.run {
      right.append(Span(" │ B: \(Int(other.cost(through: s.shownStep).bitErrors)) wrong"))
    }
    if !s.breakpoints.isEmpty { right.append(Span(" │ ● \(s.breakpoints.count)", style: theme.accent)) }
    right.append(
      Span(
        s.playing ? " │ ▶ \(ViewerScreen.fixed(s.speed, s.speed < 1 ? 1 : 0))/s" : " │ ⏸", style: theme.accent
      ))
    var left: [Span] = [
      Span(" \(s.run.machine.title) ", style: theme.title.adding(.reverse)),
      Span(" \(s.task?.name ?? "trace") · "),
    ]
    // The size knob gives way before the model's name does.
    let shortest = modelDescriptions.last?.0.count ?? 0
    var fixed = left + right
    if let size, Label(fixed + [size]).length + min(shortest, 12) <= rect.width { right.insert(size, at: 1) }
    fixed = left + right
    let room = rect.width - Label(fixed).length
    var model: Span?
    for (text, trained) in modelDescriptions where text.count <= room {
      model = Span(text, style: trained ? .plain : theme.error)
      break
    }
    if model == nil, let (text, trained) = modelDescriptions.last, room >= 6 {
      model = Span(
        String(text.prefix(room - 1)) + String(theme.glyphs.ellipsis), style: trained ? .plain : theme.error)
    }
    // Without room for any of the model, the task stands alone.
    if model == nil { left[1] = Span(" \(s.task?.name ?? "trace")") }
    Label(left + (model.map { [$0] } ?? []) + right).render(into: &grid, in: rect, theme: theme)
  }
}
