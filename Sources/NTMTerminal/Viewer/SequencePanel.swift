import NTM

/// Input, target and output as bit grids over time (two bits per cell row), the current step
/// marked, wrong output bits in the error colour and outputs on unscored steps in grey; under
/// them what the task's reading adds (the optimal predictor, the bracket depth), and along the
/// bottom border each step's mark from the reading (input numbers, brackets, the query).
struct SequencePanel {
  let state: ViewerState

  /// The rows inside the panel that every grid and row of the task needs (the layout grows the
  /// band to fit them at full size).
  static func rowsNeeded(_ s: ViewerState) -> Int {
    let inputs = s.episode.inputs[0].count
    let outputs = s.episode.targets[0].count
    var rows = HalfBlockGrid.height(rows: inputs) + 2 * HalfBlockGrid.height(rows: outputs)
    if s.run.reading?.steps.first?.reference != nil { rows += HalfBlockGrid.height(rows: outputs) }
    if s.run.reading?.series != nil { rows += 1 }
    return rows
  }

  func render(into grid: inout CellGrid, in rect: Rect, theme: Theme) {
    let s = state
    let hasUnscoredOutputs = s.episode.scored.contains(false)
    let labelWidth = 4
    let inner = Panel.innerRect(of: rect)
    let area = inner.sliceLeft(labelWidth).remainder
    let steps = s.episode.length
    let time = s.shownStep ?? -1
    // Scroll time so the current step stays visible.
    let first = max(0, min(time + 1 - area.width / 2, steps - area.width))
    let visible = first..<min(steps, first + area.width)
    let current = s.shownStep.map { $0 - first }
    func rows(_ vectors: [[Float]]) -> [[Float]] {
      (0..<vectors[0].count).map { channel in visible.map { vectors[$0][channel] } }
    }
    let outputs = s.records.map(\.output)
    let wrong: [[Bool]] = (0..<s.episode.targets[0].count).map { k in
      visible.map { t in
        t <= time && s.episode.scored[t] && (outputs[t][k] > 0.5) != (s.episode.targets[t][k] > 0.5)
      }
    }
    // Steps not yet taken show no output.
    let shownOutputs = outputs.indices.map { t in t <= time ? outputs[t] : outputs[t].map { _ in Float(0) } }
    let unscored = visible.map { !s.episode.scored[$0] }
    var sections: [Section] = [Section(label: "in", values: rows(s.episode.inputs))]
    sections.append(Section(label: "tgt", values: rows(s.episode.targets), dimmed: unscored))
    sections.append(Section(label: "out", values: rows(shownOutputs), wrong: wrong, dimmed: unscored))
    if let reading = s.run.reading, let name = reading.steps.first?.reference?.name {
      let reference = reading.steps.map { $0.reference?.output ?? [] }
      sections.append(Section(label: String(name.prefix(3)), values: rows(reference)))
    }
    let seriesRows = s.run.reading?.series == nil ? 0 : 1
    let (shown, hidden) = Self.fitting(sections, rows: inner.height - seriesRows)
    var title = hasUnscoredOutputs ? "Sequence · grey: not scored" : "Sequence"
    if !hidden.isEmpty { title += " · no room for " + hidden.joined(separator: ", ") }
    _ = Panel(title: title).render(into: &grid, in: rect, theme: theme)
    var y = inner.y
    for section in shown {
      grid.write(section.label, x: inner.x, y: y, style: theme.muted, clip: inner)
      HalfBlockGrid(
        values: section.values, scale: .sequential(), wrong: section.wrong, markedColumn: current,
        dimmedColumns: section.dimmed
      )
      .render(into: &grid, at: area.x, y: y, clip: area, theme: theme)
      if let edit = s.editing, section.label == "in", visible.contains(edit.step) {
        grid.write(
          String(theme.glyphs.cursorCross), x: area.x + edit.step - first, y: y + edit.channel / 2,
          style: theme.accent.adding(.reverse), clip: area)
      }
      y += section.height
    }
    if let series = s.run.reading?.series, y < inner.maxY {
      grid.write(
        String(series.name.prefix(labelWidth - 1)), x: inner.x, y: y, style: theme.muted, clip: inner)
      for (column, t) in visible.enumerated() {
        let value = series.values[t]
        let glyph: Character = value < 0 ? "−" : (value > 9 ? "+" : Character(String(value)))
        let style = value < 0 ? theme.error : (t == time ? theme.accent : CellStyle.plain)
        grid.write(String(glyph), x: area.x + column, y: y, style: style, clip: area)
      }
    }
    marks(visible: visible, first: first, x: area.x, y: rect.maxY - 1, clip: area, into: &grid, theme: theme)
  }

  /// One grid of the panel: a row per channel over the visible steps.
  struct Section {
    var label: String
    var values: [[Float]]
    var wrong: [[Bool]]? = nil
    var dimmed: [Bool]? = nil
    var height: Int { HalfBlockGrid.height(rows: values.count) }
  }

  /// The sections that fit in `rows`, in drawing order, and the labels of those left out (the
  /// title names them). The output comes first (its wrong bits are what a debugger looks for;
  /// if even it does not fit, it is drawn cut off), then the input, the target and the task's
  /// reference.
  static func fitting(_ sections: [Section], rows: Int) -> (shown: [Section], hidden: [String]) {
    let priority = ["out", "in", "tgt"]
    let order = sections.indices.sorted {
      (priority.firstIndex(of: sections[$0].label) ?? priority.count)
        < (priority.firstIndex(of: sections[$1].label) ?? priority.count)
    }
    var kept: Set<Int> = []
    var used = 0
    for i in order where kept.isEmpty || used + sections[i].height <= rows {
      kept.insert(i)
      used += sections[i].height
    }
    return (
      sections.indices.filter(kept.contains).map { sections[$0] },
      sections.indices.filter { !kept.contains($0) }.map { sections[$0].label }
    )
  }

  /// Each step's mark along the bottom border, the current step's in reverse (▲ when it has none).
  private func marks(
    visible: Range<Int>, first: Int, x: Int, y: Int, clip: Rect, into grid: inout CellGrid, theme: Theme
  ) {
    let clip = Rect(x: clip.x, y: y, width: clip.width, height: 1)
    for t in visible {
      let reading = state.run.reading?.steps[t]
      var glyph = reading?.mark ?? " "
      var style: CellStyle
      switch reading?.emphasis ?? .plain {
      case .plain: style = theme.muted
      case .strong: style = theme.title
      case .error: style = theme.error
      }
      if t == state.shownStep {
        if glyph == " " { glyph = theme.glyphs.markerUp }
        style = theme.accent.adding(.reverse)
      }
      guard glyph != " " else { continue }
      grid.write(String(glyph), x: x + t - first, y: y, style: style, clip: clip)
    }
  }
}
