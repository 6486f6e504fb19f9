import NTM

/// `render(state, size) -> grid` for the viewer: a pure function of the state, drawn from the
/// library's step records with the widgets. Tests call it directly; the ncurses backend only
/// copies the grid to the terminal.
public enum ViewerScreen {
  public static func render(_ s: ViewerState, size: Size, theme: Theme) -> CellGrid {
    var grid = CellGrid(size: size)
    guard let layout = ViewerLayout(size: size, hidden: s.hidden, steps: s.episode.length) else {
      let text =
        "Enlarge the terminal to at least \(ViewerLayout.minimum.width)×\(ViewerLayout.minimum.height) (now \(size.width)×\(size.height))"
      TextBlock(text, style: theme.accent, alignment: .centre).render(
        into: &grid, in: Rect(x: 0, y: max(0, size.height / 2 - 1), width: size.width, height: 3),
        theme: theme)
      if theme.glyphs == .ascii { grid.transliterateToASCII() }
      return grid
    }
    header(s, into: &grid, in: layout.header, theme: theme)
    if let rect = layout.sequence {
      SequencePanel(state: s, showsTarget: !layout.isReduced).render(into: &grid, in: rect, theme: theme)
    }
    if let rect = layout.timeline { TimelinePanel(state: s).render(into: &grid, in: rect, theme: theme) }
    if let rect = layout.vectors {
      if s.training != nil {
        TrainingPanel(state: s).render(into: &grid, in: rect, theme: theme)
      } else {
        VectorsPanel(state: s).render(into: &grid, in: rect, theme: theme)
      }
    }
    MemoryPanel(state: s, reduced: layout.isReduced).render(into: &grid, in: layout.memory, theme: theme)
    footer(s, into: &grid, in: layout.footer, theme: theme)
    if s.showsHelp {
      let lines = ViewerKeys.help.map { entry in
        entry.keys.padding(toLength: 15, withPad: " ", startingAt: 0) + entry.action
      }
      _ = Overlay(title: "Keys (any key closes)", lines: lines).render(
        into: &grid, in: grid.bounds, theme: theme)
    }
    if theme.glyphs == .ascii { grid.transliterateToASCII() }
    return grid
  }

  /// The memory location under a screen position, for mouse clicks.
  public static func location(atX x: Int, y: Int, state s: ViewerState, size: Size) -> Int? {
    guard let (panel, strip) = memoryStrip(s, size: size), strip.contains(x: x, y: y) else { return nil }
    return panel.locationMapping(in: strip).indices(atScreen: x)?.lowerBound
  }

  /// The first memory location `render` shows at `size` (the scrolled view's offset).
  public static func memoryOffset(_ s: ViewerState, size: Size) -> Int? {
    guard let (panel, strip) = memoryStrip(s, size: size) else { return nil }
    return panel.locationMapping(in: strip).offset
  }

  private static func memoryStrip(_ s: ViewerState, size: Size) -> (MemoryPanel, Rect)? {
    guard let layout = ViewerLayout(size: size, hidden: s.hidden, steps: s.episode.length) else { return nil }
    let panel = MemoryPanel(state: s, reduced: layout.isReduced)
    return (panel, panel.stripArea(in: layout.memory))
  }

  private static func header(_ s: ViewerState, into grid: inout CellGrid, in rect: Rect, theme: Theme) {
    let cost = s.costSoFar
    let phase = s.time > 0 ? s.episode.phases[s.time - 1].rawValue : "start"
    var spans: [Span] = [Span(" NTM ", style: theme.title.adding(.reverse)), Span(" \(s.task.name) · ")]
    if s.model.isTrained {
      spans.append(Span("\(s.model.label), trained on \(s.model.sequencesSeen) sequences"))
    } else {
      spans.append(Span("\(s.model.label), NOT TRAINED", style: theme.error))
    }
    spans.append(Span(" │ step \(s.time)/\(s.episode.length) · \(phase)", style: theme.title))
    spans.append(
      Span(
        " │ \(s.task.sizeName) \(s.size) │ cost \(fixed(cost.bits, 2)) bits · \(Int(cost.bitErrors)) wrong bits"
      ))
    spans.append(
      Span(s.playing ? " │ ▶ \(fixed(s.speed, s.speed < 1 ? 1 : 0))/s" : " │ ⏸", style: theme.accent))
    Label(spans).render(into: &grid, in: rect, theme: theme)
  }

  private static func footer(_ s: ViewerState, into grid: inout CellGrid, in rect: Rect, theme: Theme) {
    var rows = rect
    var lines: [Label] = []
    if let record = s.current {
      let head = record.heads[s.selectedHead]
      let summary = AddressingSummary(head.addressing, shifts: s.configuration.shifts)
      lines.append(Label([Span("\(head.id): ", style: theme.title), Span(summary.sentence)]))
    } else {
      lines.append(
        Label(
          "Before the first step: memory holds its initial constant; press → to step.", style: theme.muted))
    }
    if rect.height >= 3 { lines.append(inspector(s, theme: theme)) }
    if let message = s.message {
      lines.append(Label(message, style: theme.accent))
    } else if let edit = s.editing {
      lines.append(
        Label(
          "editing input: step \(edit.step), channel \(edit.channel) · arrows move · space toggles · e leaves",
          style: theme.accent))
    } else {
      lines.append(
        Label(
          "→ step  ← back  space play  +/- speed  r new  ]/[ longer/shorter  t task  tab head  h/l cursor  ? help  q quit",
          style: theme.muted))
    }
    for line in lines {
      let (row, rest) = rows.sliceTop(1)
      line.render(into: &grid, in: row, theme: theme)
      rows = rest
    }
  }

  /// The inspector line: the cursor's memory row, each head's weight there, and the selected
  /// head's key similarity with it.
  private static func inspector(_ s: ViewerState, theme: Theme) -> Label {
    let memory = s.current?.memoryAfter ?? s.machineState.memory
    let row = memory.row(s.cursor)
    var spans = [Span("loc \(s.cursor): ", style: theme.title)]
    spans.append(
      Span(
        "M = [" + row.prefix(8).map { fixed($0, 2) }.joined(separator: " ") + (row.count > 8 ? " …]" : "]")))
    let weightings = s.current.map { $0.heads.map(\.weighting) } ?? s.machineState.weightings
    let names = s.current.map { $0.heads.map(\.id.description) } ?? (0..<s.headCount).map { headName(s, $0) }
    for (name, w) in zip(names, weightings) { spans.append(Span(" · \(name) \(fixed(w[s.cursor], 3))")) }
    if let head = s.current?.heads[s.selectedHead] {
      spans.append(
        Span(
          " · K(k, M(\(s.cursor))) = \(fixed(head.addressing.similarity[s.cursor], 3))", style: theme.accent))
    }
    return Label(spans)
  }

  static func headName(_ s: ViewerState, _ index: Int) -> String {
    index < s.configuration.writeHeads ? "write\(index)" : "read\(index - s.configuration.writeHeads)"
  }

  static func fixed(_ x: Float, _ decimals: Int) -> String { NumberFormat.fixed(x, decimals: decimals) }
  static func fixed(_ x: Double, _ decimals: Int) -> String {
    NumberFormat.fixed(Float(x), decimals: decimals)
  }
}
