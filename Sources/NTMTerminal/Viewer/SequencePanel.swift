import NTM

/// Input, target and output as bit grids over time (two bits per cell row), the current step
/// marked, wrong output bits in the error colour and outputs on unscored steps in grey; under
/// them what the task's reading adds (the optimal predictor, the bracket depth), and along the
/// bottom border each step's mark from the reading (input numbers, brackets, the query).
struct SequencePanel {
  let state: ViewerState
  /// Without room for all three grids the target is left out: wrong output bits still show.
  var showsTarget = true

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
    let inner = Panel(title: hasUnscoredOutputs ? "Sequence · grey: not scored" : "Sequence").render(
      into: &grid, in: rect, theme: theme)
    let labelWidth = 4
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
    var sections: [(String, [[Float]], [[Bool]]?, [Bool]?)] = [("in", rows(s.episode.inputs), nil, nil)]
    if showsTarget { sections.append(("tgt", rows(s.episode.targets), nil, unscored)) }
    sections.append(("out", rows(shownOutputs), wrong, unscored))
    if let reading = s.run.reading, let name = reading.steps.first?.reference?.name {
      let reference = reading.steps.map { $0.reference?.output ?? [] }
      sections.append((String(name.prefix(3)), rows(reference), nil, nil))
    }
    var y = inner.y
    for (label, values, marks, dimmed) in sections {
      let height = HalfBlockGrid.height(rows: values.count)
      guard y + height <= inner.maxY else { break }
      grid.write(label, x: inner.x, y: y, style: theme.muted, clip: inner)
      HalfBlockGrid(
        values: values, scale: .sequential(), wrong: marks, markedColumn: current, dimmedColumns: dimmed
      )
      .render(into: &grid, at: area.x, y: y, clip: area, theme: theme)
      if let edit = s.editing, label == "in", visible.contains(edit.step) {
        grid.write(
          String(theme.glyphs.cursorCross), x: area.x + edit.step - first, y: y + edit.channel / 2,
          style: theme.accent.adding(.reverse), clip: area)
      }
      y += height
    }
    if let series = s.run.reading?.series, y < inner.maxY {
      grid.write(String(series.name.prefix(labelWidth)), x: inner.x, y: y, style: theme.muted, clip: inner)
      for (column, t) in visible.enumerated() {
        let value = series.values[t]
        let glyph: Character = value < 0 ? "−" : (value > 9 ? "+" : Character(String(value)))
        let style = value < 0 ? theme.error : (t == time ? theme.accent : CellStyle.plain)
        grid.write(String(glyph), x: area.x + column, y: y, style: style, clip: area)
      }
    }
    marks(visible: visible, first: first, x: area.x, y: rect.maxY - 1, clip: area, into: &grid, theme: theme)
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
