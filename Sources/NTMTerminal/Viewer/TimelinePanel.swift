import NTM

/// The paper's Figure 6: each head's weighting over time (time across, location down), one row
/// group per head, each cropped to the locations that head visited so far, so that the copy
/// algorithm shows as two parallel diagonals. Where a group has fewer rows than locations it
/// shows the largest weight of several locations per row, and says so.
struct TimelinePanel {
  let state: ViewerState

  func render(into grid: inout CellGrid, in rect: Rect, theme: Theme) {
    let s = state
    let inner = Panel(title: "Weightings over time (Fig. 6)").render(into: &grid, in: rect, theme: theme)
    let labelWidth = 9
    let (legendRow, body) = inner.sliceBottom(1)
    let area = body.sliceLeft(labelWidth).remainder
    let heads = s.run.heads
    let groupHeight = max(1, body.height / max(heads.count, 1))
    let steps = s.episode.length
    let time = s.shownStep ?? -1
    let first = max(0, min(time + 1 - area.width / 2, steps - area.width))
    let visible = first..<min(steps, first + area.width)
    let n = s.run.locations
    for (h, id) in heads.enumerated() {
      let y = body.y + h * groupHeight
      guard y + groupHeight <= body.maxY else { break }
      let weights: [[Float]] = visible.map { t in
        t <= time ? s.records[t].weighting(ofHead: h) : [Float](repeating: 0, count: n)
      }
      let span = LocationSpan(
        covering: s.run.locationsUsed(through: s.shownStep, heads: h..<(h + 1)), locations: n)
      let slots = groupHeight * 2
      // Enough locations per slot to show the whole span (at least one), and no location twice.
      let perSlot = max(1, (span.count + slots - 1) / slots)
      let shown = min(n, slots * perSlot)
      let values: [[Float]] = (0..<slots).map { slot in
        let offsets = min(slot * perSlot, shown)..<min((slot + 1) * perSlot, shown)
        return weights.map { w in offsets.map { w[(span.start + $0) % n] }.max() ?? 0 }
      }
      let labels = [
        id.description, "\(span.start)–\((span.start + shown - 1) % n)",
        perSlot > 1 ? "\(perSlot)/row max" : "",
      ]
      for (row, text) in labels.prefix(groupHeight).enumerated() where !text.isEmpty {
        grid.write(text, x: body.x, y: y + row, style: row == 0 ? theme.title : theme.muted, clip: body)
      }
      HalfBlockGrid(values: values, scale: .sequential(), markedColumn: s.shownStep.map { $0 - first })
        .render(
          into: &grid, at: area.x, y: y, clip: Rect(x: area.x, y: y, width: area.width, height: groupHeight),
          theme: theme)
    }
    Legend(scale: .sequential(), label: "w").render(
      into: &grid, in: Rect(x: legendRow.x, y: legendRow.y, width: min(legendRow.width, 30), height: 1),
      theme: theme)
  }
}
