import NTM

/// Input, target and output as bit grids over time (two bits per cell row), the current step
/// marked and wrong output bits in the error colour.
struct SequencePanel {
  let state: ViewerState
  /// Without room for all three grids the target is left out: wrong output bits still show.
  var showsTarget = true

  func render(into grid: inout CellGrid, in rect: Rect, theme: Theme) {
    let s = state
    let inner = Panel(title: "Sequence").render(into: &grid, in: rect, theme: theme)
    let labelWidth = 4
    let area = inner.sliceLeft(labelWidth).remainder
    let steps = s.episode.length
    // Scroll time so the current step stays visible.
    let first = max(0, min(s.time - area.width / 2, steps - area.width))
    let visible = first..<min(steps, first + area.width)
    let current = s.time > 0 ? s.time - 1 - first : nil
    if let current, area.contains(x: area.x + current, y: area.y) {
      grid.write(String(theme.glyphs.markerUp), x: area.x + current, y: rect.maxY - 1, style: theme.accent)
    }
    func rows(_ vectors: [[Float]], width: Int) -> [[Float]] {
      (0..<width).map { channel in visible.map { vectors[$0][channel] } }
    }
    let outputs: [[Float]] = (0..<steps).map { t in
      t < s.time ? s.records[t].output : [Float](repeating: 0, count: s.task.outputWidth)
    }
    let wrong: [[Bool]] = (0..<s.task.outputWidth).map { k in
      visible.map { t in
        t < s.time && s.episode.scored[t] && (outputs[t][k] > 0.5) != (s.episode.targets[t][k] > 0.5)
      }
    }
    var y = inner.y
    var sections: [(String, [[Float]], [[Bool]]?)] = [
      ("in", rows(s.episode.inputs, width: s.task.inputWidth), nil)
    ]
    if showsTarget { sections.append(("tgt", rows(s.episode.targets, width: s.task.outputWidth), nil)) }
    sections.append(("out", rows(outputs, width: s.task.outputWidth), wrong))
    for (label, values, marks) in sections {
      let height = HalfBlockGrid.height(rows: values.count)
      guard y + height <= inner.maxY else { break }
      grid.write(label, x: inner.x, y: y, style: theme.muted, clip: inner)
      HalfBlockGrid(values: values, scale: .sequential(), wrong: marks, markedColumn: current).render(
        into: &grid, at: area.x, y: y, clip: area, theme: theme)
      if let edit = s.editing, label == "in", visible.contains(edit.step) {
        grid.write(
          String(theme.glyphs.cursorCross), x: area.x + edit.step - first, y: y + edit.channel / 2,
          style: theme.accent.adding(.reverse), clip: area)
      }
      y += height
    }
  }
}

/// The paper's Figure 6: each kind of head's weighting over time (time across, location
/// down), cropped to the locations the heads actually visited, so the copy algorithm shows
/// as two parallel diagonals.
struct TimelinePanel {
  let state: ViewerState

  /// The shortest run of consecutive locations that holds every visited one, wrapping round the
  /// end of memory as the shifts do: a head that walks 0, 127, 126, … has visited a short run
  /// across the seam, not the whole memory. The run starts just after the widest gap between
  /// visited neighbours; with none visited it starts at 0.
  static func span(of visited: [Int], locations n: Int) -> (start: Int, count: Int) {
    guard let first = visited.first, let last = visited.last else { return (0, 0) }
    var (start, gap) = (first, first + n - last)
    for (a, b) in zip(visited, visited.dropFirst()) where b - a > gap { (start, gap) = (b, b - a) }
    return (start, n - gap + 1)
  }

  func render(into grid: inout CellGrid, in rect: Rect, theme: Theme) {
    let s = state
    let inner = Panel(title: "Weightings over time (Fig. 6)").render(into: &grid, in: rect, theme: theme)
    let labelWidth = 9
    let area = inner.sliceLeft(labelWidth).remainder
    let sectionHeight = max(1, inner.height / 2)
    let steps = s.episode.length
    let first = max(0, min(s.time - area.width / 2, steps - area.width))
    let visible = first..<min(steps, first + area.width)
    let c = s.configuration
    for (section, heads) in [
      ("write", 0..<c.writeHeads), ("read", c.writeHeads..<(c.writeHeads + c.readHeads)),
    ]
    .enumerated().map({ ($0.offset, $0.element) }) {
      let y = inner.y + section * sectionHeight
      // Per step, the strongest weight over this kind's heads at each location.
      let weights: [[Float]] = visible.map { t in
        guard t < s.time else { return [Float](repeating: 0, count: c.memoryLocations) }
        let ws = heads.1.map { s.records[t].heads[$0].weighting }
        return (0..<c.memoryLocations).map { i in ws.map { $0[i] }.max() ?? 0 }
      }
      let n = c.memoryLocations
      let visited = (0..<n).filter { i in weights.contains { $0[i] > 0.05 } }
      let slots = sectionHeight * 2
      let span = Self.span(of: visited, locations: n)
      // Enough locations per slot to show the whole span (at least one), and no location twice.
      let perSlot = max(1, (span.count + slots - 1) / slots)
      let shown = min(n, slots * perSlot)
      let values: [[Float]] = (0..<slots).map { slot in
        let offsets = min(slot * perSlot, shown)..<min((slot + 1) * perSlot, shown)
        return weights.map { w in offsets.map { w[(span.start + $0) % n] }.max() ?? 0 }
      }
      grid.write(heads.0, x: inner.x, y: y, style: theme.title, clip: inner)
      grid.write(
        "\(span.start)–\((span.start + shown - 1) % n)", x: inner.x, y: y + 1, style: theme.muted, clip: inner
      )
      HalfBlockGrid(values: values, scale: .sequential(), markedColumn: s.time > 0 ? s.time - 1 - first : nil)
        .render(
          into: &grid, at: area.x, y: y,
          clip: Rect(x: area.x, y: y, width: area.width, height: sectionHeight), theme: theme)
    }
  }
}

/// Erase and add vectors of the write heads, read vectors, and the controller's state.
struct VectorsPanel {
  let state: ViewerState

  func render(into grid: inout CellGrid, in rect: Rect, theme: Theme) {
    let s = state
    let inner = Panel(title: "Heads and controller").render(into: &grid, in: rect, theme: theme)
    guard let record = s.current else {
      TextBlock(
        "Erase, add and read vectors and the controller's state appear after the first step.",
        style: theme.muted
      )
      .render(into: &grid, in: inner, theme: theme)
      return
    }
    var rows: [(String, [Float], ValueScale)] = []
    for head in record.writeHeads {
      rows.append(("\(head.id) e", head.erase ?? [], .sequential()))
      rows.append(("\(head.id) a", head.add ?? [], .diverging(limit: 1)))
    }
    for head in record.readHeads {
      let r = head.read ?? []
      rows.append(("\(head.id) r", r, .diverging(limit: max(1, r.map(abs).max() ?? 1))))
    }
    for (l, layer) in record.controller.layers.enumerated() {
      let suffix = record.controller.layers.count > 1 ? "\(l)" : ""
      rows.append(("h\(suffix) hidden", layer.hidden, .diverging(limit: 1)))
      if !layer.cell.isEmpty {
        rows.append(
          ("c\(suffix) cell", layer.cell, .diverging(limit: max(1, layer.cell.map(abs).max() ?? 1))))
      }
    }
    let labelWidth = 10
    for (i, (label, values, scale)) in rows.enumerated() where i < inner.height {
      let y = inner.y + i
      grid.write(label, x: inner.x, y: y, style: theme.muted, clip: inner)
      let strip = Rect(x: inner.x + labelWidth, y: y, width: inner.width - labelWidth, height: 1)
      VectorBar(
        values: values, scale: scale, axis: AxisView.fitting(count: values.count, length: strip.width)
      )
      .render(into: &grid, in: strip, theme: theme)
    }
  }
}
