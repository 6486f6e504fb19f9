import NTM

/// The lines under the memory: what the selected head's addressing did, the step in the task's
/// words, the inspector for the cursor's location, and the status line (a message, the `:`
/// prompt, or the keys).
struct ViewerFooter {
  let state: ViewerState

  static let keys =
    "→ step  ← back  space play  n/N wrong bit  : go to  b breakpoints  w health  o playground  ? help  q quit"

  func render(into grid: inout CellGrid, in rect: Rect, theme: Theme) {
    let s = state
    var lines: [Label] = [addressing(theme: theme)]
    if rect.height >= 3 { lines.append(taskLine(theme: theme)) }
    if rect.height >= 4 { lines.append(inspector(theme: theme)) }
    if let prompt = s.prompt {
      lines.append(
        Label([
          Span(":" + prompt + "▏", style: theme.accent),
          Span(
            "  a step t, start, end, first-error, nan, or HEAD.MEASURE OP VALUE (read0.entropy>2) · esc cancels",
            style: theme.muted),
        ]))
    } else if let message = s.message {
      lines.append(Label(message, style: theme.accent))
    } else if let edit = s.editing {
      lines.append(
        Label(
          "editing input: step \(edit.step), channel \(edit.channel) · arrows move · space toggles · e leaves",
          style: theme.accent))
    } else {
      lines.append(Label(Self.keys, style: theme.muted))
    }
    var rows = rect
    for line in lines {
      let (row, rest) = rows.sliceTop(1)
      line.render(into: &grid, in: row, theme: theme)
      rows = rest
    }
  }

  /// The library's sentence on the selected head's addressing at the shown step.
  private func addressing(theme: Theme) -> Label {
    let s = state
    guard let t = s.shownStep, let record = s.current else {
      return Label(
        "Before the first step: memory holds its initial state M₀; press → to step.", style: theme.muted)
    }
    let name = Span("\(s.headName(s.selectedHead)): ", style: theme.title)
    guard s.run.hasAddressing else {
      let focus = s.run.measure("focus", ofHead: s.selectedHead, at: t).map { Int($0) } ?? 0
      let weight = s.run.measure("weight", ofHead: s.selectedHead, at: t) ?? 0
      return Label([
        name,
        Span(
          "at location \(focus) with weight \(ViewerScreen.fixed(weight, 2)) (the trace has no addressing stages)"
        ),
      ])
    }
    switch record {
    case .ntm(let r):
      return Label([
        name, Span(AddressingSummary(r.head(at: s.selectedHead).addressing, shifts: s.run.shifts).sentence),
      ])
    case .dnc(let r):
      // The library's sentences name their head: the selected head's first, then what the read
      // heads freed.
      let summary = DNCAccessSummary(r)
      let head = s.selectedHead == 0 ? summary.write : summary.reads[s.selectedHead - 1]
      return Label([Span(([head] + summary.frees).joined(separator: "; "))])
    }
  }

  /// The shown step in the task's terms (the library's `taskLine`), or the sequence's summary at
  /// the start.
  private func taskLine(theme: Theme) -> Label {
    let s = state
    guard let t = s.shownStep else {
      let summary = s.run.reading?.summary ?? "\(s.episode.length) steps"
      return Label([Span("\(s.task?.name ?? "trace"): ", style: theme.title), Span(summary)])
    }
    return Label([Span("t = \(t): ", style: theme.title), Span(s.run.taskLine(at: t, head: s.selectedHead))])
  }

  /// The inspector line: the cursor's memory row, each head's weight there, and the selected
  /// head's key similarity with it. For a DNC the location's usage, place in the free list,
  /// allocation weight and strongest links come first, and the memory row last.
  private func inspector(theme: Theme) -> Label {
    let s = state
    let i = s.cursor
    let row = s.memory.row(i)
    let memory = Span(
      "M = [" + row.prefix(8).map { ViewerScreen.fixed($0, 2) }.joined(separator: " ")
        + (row.count > 8 ? " …]" : "]"))
    var spans = [Span("loc \(i): ", style: theme.title)]
    if case .dnc(let r) = s.current {
      let rank = r.freeList.firstIndex(of: i) ?? 0
      let (next, previous) = (r.next(after: i), r.previous(before: i))
      spans.append(
        Span(
          "u \(ViewerScreen.fixed(r.usage[i], 2)) · free rank \(rank) · a \(ViewerScreen.fixed(r.allocationWeighting[i], 2))"
            + " · L → \(next.location) \(ViewerScreen.fixed(next.strength, 2)) ← \(previous.location) \(ViewerScreen.fixed(previous.strength, 2))"
        ))
    } else {
      spans.append(memory)
    }
    for (index, w) in s.weightings.enumerated() {
      spans.append(Span(" · \(s.headName(index)) \(ViewerScreen.fixed(w[i], 3))"))
    }
    if let record = s.current, s.run.hasAddressing {
      spans.append(
        Span(
          " · K(k, M(\(i))) = \(ViewerScreen.fixed(record.similarity(ofHead: s.selectedHead)[i], 3))",
          style: theme.accent))
    }
    if case .dnc = s.current { spans.append(Span(" · " + memory.text)) }
    return Label(spans)
  }
}
