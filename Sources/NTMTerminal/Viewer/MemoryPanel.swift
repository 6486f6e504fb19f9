import NTM

/// The memory matrix as a heatmap with locations running across the screen, and under it,
/// column for column, every head's weighting and the selected head's addressing stages: the
/// eye goes straight down from a head's focus to the memory row it touches.
struct MemoryPanel {
  let state: ViewerState
  let reduced: Bool

  private var c: Configuration { state.configuration }
  private var memory: Matrix<Float> { state.current?.memoryAfter ?? state.machineState.memory }
  private var showsStages: Bool { !reduced && !state.hidden.contains(.addressing) }

  /// The part of the panel where locations are drawn (right of the label column).
  func stripArea(in rect: Rect) -> Rect {
    Panel.innerRect(of: rect).sliceLeft(ViewerLayout.labelWidth).remainder
  }

  /// Screen columns ↔ locations: fit the whole memory when zoom is 0, else `zoom` locations
  /// per column from `memoryOffset`, scrolled to keep the selected head's focus or the
  /// inspector cursor in view (`memoryFollowsHead`).
  func locationMapping(in strip: Rect) -> AxisMapping {
    let n = c.memoryLocations
    var view =
      state.zoom == 0
      ? AxisView.fitting(count: n, length: strip.width, maxCellsPerIndex: 1)
      : AxisView(offset: state.memoryOffset, indicesPerCell: state.zoom)
    // A head with no sharp focus leaves the view where it was.
    if let shown = state.memoryFollowsHead ? state.selectedFocus : state.cursor {
      view = view.scrolled(toShow: shown, count: n, length: strip.width)
    }
    view = view.clamped(count: n, length: strip.width)
    return AxisMapping(view: view, count: n, start: strip.x, length: strip.width)
  }

  func render(into grid: inout CellGrid, in rect: Rect, theme: Theme) {
    let mapping = locationMapping(in: stripArea(in: rect))
    let last = min(c.memoryLocations, mapping.visibleIndices.upperBound) - 1
    let title =
      "Memory M\(state.time > 0 ? "ₜ after step \(state.time - 1)" : "₀") · \(c.memoryLocations)×\(c.memoryWidth) · locations \(mapping.visibleIndices.lowerBound)–\(last)"
      + (mapping.view.indicesPerCell > 1 ? " (\(mapping.view.indicesPerCell) per column, max)" : "")
    let inner = Panel(title: title).render(into: &grid, in: rect, theme: theme)
    let labels = inner.sliceLeft(ViewerLayout.labelWidth).slice
    let strip = stripArea(in: rect)
    let view = mapping.view
    let heads = state.current?.heads
    let weightings = heads?.map(\.weighting) ?? state.machineState.weightings

    let stageRows = showsStages ? 6 : 0
    let headRows = state.headCount
    let heatRows = max(2, inner.height - 1 - headRows - stageRows - 1)
    var y = inner.y

    // Legend of the signed value scale.
    // The scale follows the memory's largest magnitude, so a fresh memory of 1e-6 is as
    // readable as a trained one of ±1; the legend states it.
    let limit = max(memory.values.map(abs).max() ?? 0, 1e-6)
    let scale = ValueScale.diverging(limit: limit)
    grid.write("values", x: labels.x, y: y, style: theme.muted, clip: labels)
    Legend(scale: scale, label: "M(i, j)").render(
      into: &grid, in: Rect(x: strip.x, y: y, width: min(strip.width, 40), height: 1), theme: theme)
    y += 1

    // The heatmap: data rows are locations, shown transposed so they run across.
    let heatRect = Rect(x: strip.x, y: y, width: strip.width, height: heatRows)
    Heatmap(
      values: memory.values, rows: memory.rows, columns: memory.columns, scale: scale, transposed: true,
      horizontal: view, vertical: AxisView.fitting(count: memory.columns, length: heatRows),
      highlightedRow: state.cursor
    ).render(into: &grid, in: heatRect, theme: theme)
    grid.write(
      "M=\(c.memoryWidth) values", x: labels.x, y: y + heatRows / 2, style: theme.muted, clip: labels)
    y += heatRows

    // One strip per head, write heads (red) then read heads (blue), as in the step order.
    for index in 0..<headRows {
      let name = ViewerScreen.headName(state, index)
      let w = weightings[index]
      let focus = w.indices.max { w[$0] < w[$1] } ?? 0
      let isWrite = index < c.writeHeads
      var style = CellStyle(foreground: isWrite ? .indexed(1) : .indexed(4), attributes: .bold)
      if theme.colorMode == .monochrome { style = CellStyle(attributes: isWrite ? .bold : .underline) }
      if index == state.selectedHead { style = style.adding(.reverse) }
      let label = "\(name) @\(focus) \(ViewerScreen.fixed(w[focus], 2))"
      grid.write(label, x: labels.x, y: y, style: style, clip: labels)
      WeightingStrip(weights: w, axis: view, style: .heat, showsFocusMarker: false).render(
        into: &grid, in: Rect(x: strip.x, y: y, width: strip.width, height: 1), theme: theme)
      y += 1
    }

    // The selected head's four addressing stages, aligned with memory.
    if showsStages {
      if let head = heads?[state.selectedHead] {
        let a = head.addressing
        let shift = AddressingSummary(a, shifts: c.shifts)
        let rows: [(String, [Float], ValueScale)] = [
          ("wₜ₋₁ previous", a.previous, .sequential()),
          ("K    cosine", a.similarity, .diverging(limit: 1)),
          ("wᶜ  β=\(ViewerScreen.fixed(a.keyStrength, 1))", a.contentWeighting, .sequential()),
          ("wᵍ  g=\(ViewerScreen.fixed(a.interpolationGate, 2))", a.gatedWeighting, .sequential()),
          (
            "w̃ s\(shift.dominantShift >= 0 ? "+" : "")\(shift.dominantShift)=\(ViewerScreen.fixed(shift.dominantShiftWeight, 2))",
            a.shiftedWeighting, .sequential()
          ),
          ("w   γ=\(ViewerScreen.fixed(a.sharpening, 1))", a.weighting, .sequential()),
        ]
        for (label, values, scale) in rows {
          grid.write(label, x: labels.x, y: y, style: theme.accent, clip: labels)
          WeightingStrip(weights: values, axis: view, style: .heat, scale: scale, showsFocusMarker: false)
            .render(
              into: &grid, in: Rect(x: strip.x, y: y, width: strip.width, height: 1), theme: theme)
          y += 1
        }
      } else {
        grid.write(
          "addressing: step to see \(ViewerScreen.headName(state, state.selectedHead))'s four stages",
          x: labels.x, y: y, style: theme.muted, clip: inner)
        y += stageRows
      }
    }

    // The location axis: tick labels, and the inspector cursor.
    let axisY = inner.maxY - 1
    var tick = 0
    let every = max(10, 10 * view.indicesPerCell)
    while tick < c.memoryLocations {
      if let columns = mapping.screenRange(ofIndex: tick) {
        grid.write(String(tick), x: columns.lowerBound, y: axisY, style: theme.muted, clip: strip)
      }
      tick += every
    }
    if let columns = mapping.screenRange(ofIndex: state.cursor) {
      grid.write(
        String(theme.glyphs.markerUp) + "\(state.cursor)", x: columns.lowerBound, y: axisY,
        style: theme.accent, clip: strip)
    }
    grid.write("location", x: labels.x, y: axisY, style: theme.muted, clip: labels)
  }
}
