import NTM

/// Erase and add vectors of the write heads, read vectors, and the controller's state.
struct VectorsPanel {
  let state: ViewerState

  func render(into grid: inout CellGrid, in rect: Rect, theme: Theme) {
    let s = state
    let inner = Panel(title: "Heads and controller").render(into: &grid, in: rect, theme: theme)
    guard let record = s.current, s.run.hasAddressing || !record.controller.layers.isEmpty else {
      TextBlock(
        "Erase, add and read vectors and the controller's state appear after the first step.",
        style: theme.muted
      )
      .render(into: &grid, in: inner, theme: theme)
      return
    }
    var rows: [(String, [Float], ValueScale)] = []
    for (i, write) in record.writes.enumerated() {
      rows.append(("write\(i) e", write.erase, .sequential()))
      // The NTM's add vector is squashed into −1…1; the DNC's write vector v is not.
      rows.append(("write\(i) a", write.add, .diverging(limit: max(1, write.add.map(abs).max() ?? 1))))
    }
    for (i, r) in record.reads.enumerated() {
      rows.append(("read\(i) r", r, .diverging(limit: max(1, r.map(abs).max() ?? 1))))
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
