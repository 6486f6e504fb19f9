import NTM

/// `render(state, size) -> grid` for the viewer: a pure function of the state, drawn from the
/// library's step records with the widgets. Tests call it directly; the ncurses backend only
/// copies the grid to the terminal.
public enum ViewerScreen {
  public static func render(_ s: ViewerState, size: Size, theme: Theme) -> CellGrid {
    if let playground = s.playground {
      var grid = PlaygroundScreen.render(playground, size: size, theme: theme)
      if theme.glyphs == .ascii { grid.transliterateToASCII() }
      return grid
    }
    var grid = CellGrid(size: size)
    guard let layout = layout(s, size: size) else {
      let text =
        "Enlarge the terminal to at least \(ViewerLayout.minimum.width)×\(ViewerLayout.minimum.height) (now \(size.width)×\(size.height))"
      TextBlock(text, style: theme.accent, alignment: .centre).render(
        into: &grid, in: Rect(x: 0, y: max(0, size.height / 2 - 1), width: size.width, height: 3),
        theme: theme)
      if theme.glyphs == .ascii { grid.transliterateToASCII() }
      return grid
    }
    ViewerHeader(state: s).render(into: &grid, in: layout.header, theme: theme)
    if let rect = layout.sequence {
      SequencePanel(state: s).render(into: &grid, in: rect, theme: theme)
    }
    if let rect = layout.timeline {
      if let comparison = s.comparison, comparison.isShown {
        ComparePanel(state: s, comparison: comparison).render(into: &grid, in: rect, theme: theme)
      } else if s.timeline == .health {
        HealthPanel(state: s).render(into: &grid, in: rect, theme: theme)
      } else {
        TimelinePanel(state: s).render(into: &grid, in: rect, theme: theme)
      }
    }
    if let rect = layout.vectors {
      if s.training != nil {
        TrainingPanel(state: s).render(into: &grid, in: rect, theme: theme)
      } else {
        VectorsPanel(state: s).render(into: &grid, in: rect, theme: theme)
      }
    }
    MemoryPanel(state: s, reduced: layout.isReduced).render(into: &grid, in: layout.memory, theme: theme)
    ViewerFooter(state: s).render(into: &grid, in: layout.footer, theme: theme)
    if s.showsHelp { help(into: &grid, theme: theme) }
    s.breakpointMenu?.render(into: &grid, state: s, theme: theme)
    if theme.glyphs == .ascii { grid.transliterateToASCII() }
    return grid
  }

  /// The help overlay: every key (in two columns where the screen is wide enough), then how
  /// steps are numbered.
  private static func help(into grid: inout CellGrid, theme: Theme) {
    let entries = ViewerKeys.help.map { entry in
      [
        Span(entry.keys.padding(toLength: 15, withPad: " ", startingAt: 0), style: theme.title),
        Span(entry.action),
      ]
    }
    let columnWidth = 62
    let columns = grid.size.width >= 2 * columnWidth + 8 ? 2 : 1
    let rows = (entries.count + columns - 1) / columns
    var lines: [Label] = (0..<rows).map { row in
      var spans: [Span] = []
      for column in 0..<columns where column * rows + row < entries.count {
        let entry = entries[column * rows + row]
        let used = entry.reduce(0) { $0 + $1.text.count }
        spans +=
          entry
          + (column + 1 < columns ? [Span(String(repeating: " ", count: max(1, columnWidth - used)))] : [])
      }
      return Label(spans)
    }
    lines.append(Label(""))
    lines += Text.wrapped(ViewerKeys.numbering, width: columns == 2 ? 2 * columnWidth - 4 : 72).map {
      Label($0, style: theme.muted)
    }
    Overlay(title: "Keys (any key closes)", lines: lines).render(into: &grid, in: grid.bounds, theme: theme)
  }

  static func layout(_ s: ViewerState, size: Size) -> ViewerLayout? {
    ViewerLayout(
      size: size, hidden: s.hidden, steps: s.episode.length, sequenceRows: SequencePanel.rowsNeeded(s))
  }

  /// The memory location under a screen position, for mouse clicks.
  public static func location(atX x: Int, y: Int, state s: ViewerState, size: Size) -> Int? {
    guard s.playground == nil, let (panel, strip) = memoryStrip(s, size: size), strip.contains(x: x, y: y)
    else { return nil }
    let window = panel.window(in: strip)
    return panel.mapping(window, in: strip).indices(atScreen: x).map { window.location(at: $0.lowerBound) }
  }

  /// The first memory location `render` shows at `size` (the window's start).
  public static func memoryOffset(_ s: ViewerState, size: Size) -> Int? {
    guard let (panel, strip) = memoryStrip(s, size: size) else { return nil }
    return panel.window(in: strip).start
  }

  private static func memoryStrip(_ s: ViewerState, size: Size) -> (MemoryPanel, Rect)? {
    guard let layout = layout(s, size: size) else { return nil }
    let panel = MemoryPanel(state: s, reduced: layout.isReduced)
    return (panel, panel.stripArea(in: layout.memory))
  }

  static func fixed(_ x: Float, _ decimals: Int) -> String { NumberFormat.fixed(x, decimals: decimals) }
  static func fixed(_ x: Double, _ decimals: Int) -> String {
    NumberFormat.fixed(Float(x), decimals: decimals)
  }
}
