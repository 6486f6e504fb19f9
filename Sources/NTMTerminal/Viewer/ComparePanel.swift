import NTM

/// Two models on the same sequence (`ntm view --compare`): each model's output bits over time,
/// the steps where their rounded outputs differ, and per head how far apart their foci are,
/// with the first step where they part marked. B's wrong bits show in the error colour, as A's
/// do in the sequence panel.
struct ComparePanel {
  let state: ViewerState
  let comparison: Comparison

  func render(into grid: inout CellGrid, in rect: Rect, theme: Theme) {
    let s = state
    let inner = Panel(title: "Compare A ↔ B: \(comparison.model.label) · c hides").render(
      into: &grid, in: rect, theme: theme)
    guard let other = comparison.run, let result = comparison.result else {
      TextBlock(
        "B (\(comparison.model.label)) was trained on \(comparison.model.taskName); it is compared on that task only.",
        style: theme.muted
      ).render(into: &grid, in: inner, theme: theme)
      return
    }
    let labelWidth = 7
    let (footer, body) = inner.sliceBottom(2)
    let area = body.sliceLeft(labelWidth).remainder
    let steps = s.episode.length
    let time = s.shownStep ?? -1
    let first = max(0, min(time + 1 - area.width / 2, steps - area.width))
    let visible = first..<min(steps, first + area.width)
    let width = s.episode.targets[0].count
    func rows(_ run: RecordedRun) -> [[Float]] {
      (0..<width).map { k in visible.map { t in t <= time ? run.records[t].output[k] : 0 } }
    }
    func wrong(_ run: RecordedRun) -> [[Bool]] {
      (0..<width).map { k in
        visible.map { t in
          t <= time && s.episode.scored[t]
            && (run.records[t].output[k] > 0.5) != (s.episode.targets[t][k] > 0.5)
        }
      }
    }
    var y = body.y
    let height = HalfBlockGrid.height(rows: width)
    for (label, run) in [("A out", s.run), ("B out", other)] where y + height <= body.maxY {
      grid.write(label, x: body.x, y: y, style: theme.muted, clip: body)
      HalfBlockGrid(
        values: rows(run), scale: .sequential(), wrong: wrong(run),
        markedColumn: s.shownStep.map { $0 - first }
      )
      .render(into: &grid, at: area.x, y: y, clip: area, theme: theme)
      y += height
    }
    // Rows of differences: output bits, then each head's focus distance, which only means
    // something between memories of one size.
    var differences: [(String, [Int?])] = [("≠ bits", result.differingBits)]
    let comparableFoci = s.run.locations == other.locations
    if comparableFoci {
      for (h, id) in s.run.heads.enumerated() {
        differences.append(("Δ\(id)", result.focusDistance.map { $0[h] }))
      }
    }
    for (label, values) in differences where y < body.maxY {
      grid.write(label, x: body.x, y: y, style: theme.muted, clip: body.sliceLeft(labelWidth).slice)
      for (column, t) in visible.enumerated() where t <= time {
        var cell = Self.cell(values[t], theme: theme)
        // The first divergence stands out in every row of differences.
        if t == result.firstDivergence?.t { cell.attributes.insert(.reverse) }
        grid[area.x + column, y] = cell
      }
      y += 1
    }
    if !comparableFoci, y < body.maxY {
      TextBlock(
        "foci not compared: A has \(s.run.locations) locations, B \(other.locations)", style: theme.muted
      ).render(into: &grid, in: Rect(x: body.x, y: y, width: body.width, height: body.maxY - y), theme: theme)
    }
    if let (t, what) = result.firstDivergence {
      TextBlock("first divergence t = \(t): \(what)", style: theme.accent).render(
        into: &grid, in: footer, theme: theme)
    } else {
      Label("A and B agree on every step", style: theme.muted).render(into: &grid, in: footer, theme: theme)
    }
  }

  /// A difference at one step: blank when equal (0), a digit up to 9, "+" beyond, in the error
  /// colour; "?" when it cannot be compared.
  static func cell(_ value: Int?, theme: Theme) -> Cell {
    guard let value else { return Cell("?", style: theme.muted) }
    guard value > 0 else { return Cell("·", style: theme.muted) }
    return Cell(value > 9 ? "+" : Character(String(value)), style: theme.error)
  }
}
