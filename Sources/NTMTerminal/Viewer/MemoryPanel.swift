import NTM

/// The memory matrix as a heatmap with locations running across the screen, and under it,
/// column for column, every head's weighting and the selected head's addressing stages: the
/// eye goes straight down from a head's focus to the memory row it touches.
///
/// The panel shows a circular window of locations (`MemoryWindow`): by default the region the
/// heads have used so far, across the seam at location 0 when they crossed it, with cells as
/// wide as the panel allows.
struct MemoryPanel {
  let state: ViewerState
  let reduced: Bool

  /// Memory values drawn with the same colour as zero are below this: an untouched memory (its
  /// initial 1e-6) looks empty rather than saturated, and the legend says ±0.10.
  static let minimumRange: Float = 0.1

  private var run: RecordedRun { state.run }
  private var showsStages: Bool { !reduced && !state.hidden.contains(.addressing) }

  /// The part of the panel where locations are drawn (right of the label column).
  func stripArea(in rect: Rect) -> Rect {
    Panel.innerRect(of: rect).sliceLeft(ViewerLayout.labelWidth).remainder
  }

  /// The locations shown in `strip`: the used region, zoomed, keeping the followed head's focus
  /// or the cursor in view (`memoryFollowsHead`).
  func window(in strip: Rect) -> MemoryWindow {
    let n = run.locations
    let used = LocationSpan(
      covering: run.locationsUsed(through: state.shownStep, heads: 0..<run.heads.count), locations: n)
    let followsHead = state.memoryFollowsHead
    return MemoryWindow(
      locations: n, width: strip.width, used: used, zoom: state.zoom,
      keepInView: followsHead ? state.selectedFocus : state.cursor,
      previousStart: followsHead ? nil : state.memoryOffset)
  }

  /// Screen columns ↔ display indices of `window` (index d shows `window.location(at: d)`).
  func mapping(_ window: MemoryWindow, in strip: Rect) -> AxisMapping {
    AxisMapping(view: window.axis, count: window.count, start: strip.x, length: strip.width)
  }

  func render(into grid: inout CellGrid, in rect: Rect, theme: Theme) {
    let strip = stripArea(in: rect)
    let window = window(in: strip)
    let mapping = mapping(window, in: strip)
    let memory = state.memory
    let n = run.locations
    let shownCount = min(window.count, mapping.visibleIndices.upperBound)
    let last = window.location(at: max(shownCount - 1, 0))
    let marked = markedLocations()
    var title =
      (state.shownStep.map { "Memory after step t = \($0)" } ?? "Memory before step 0")
      + " · \(n)×\(run.memoryWidth) · locations \(window.start)–\(last)"
    if window.start + shownCount > n { title += " across the seam" }
    if window.axis.indicesPerCell > 1 { title += " (\(window.axis.indicesPerCell) per column, max)" }
    if !marked.isEmpty, let name = run.reading?.markedName { title += " · \(theme.glyphs.markerUp) \(name)" }
    let inner = Panel(title: title).render(into: &grid, in: rect, theme: theme)
    let labels = inner.sliceLeft(ViewerLayout.labelWidth).slice
    let dnc = showsStages ? dncRows() : nil
    let stageRows = showsStages ? (dnc?.fixedRows ?? 6) : 0
    let heads = Self.headsShown(
      count: state.headCount, selected: state.selectedHead,
      rows: inner.height - 1 - Self.minimumHeatRows - stageRows - 1)
    var heatRows = max(Self.minimumHeatRows, inner.height - 1 - heads.count - stageRows - 1)
    // The DNC's link matrix takes the rows the memory's heatmap can spare beyond
    // `dncHeatRows`, when they are enough to show it (else its row of arrows stands alone).
    if let dnc {
      let spare = min(dnc.linkRowsWanted, heatRows - min(heatRows, Self.dncHeatRows))
      if spare >= 2 { heatRows -= spare }
    }
    var y = inner.y

    // The legend: symmetric about zero, never narrower than ±minimumRange.
    var limit = Self.minimumRange
    for v in memory.values where abs(v) > limit && v.isFinite { limit = abs(v) }
    let scale = ValueScale.diverging(limit: limit)
    grid.write("values", x: labels.x, y: y, style: theme.muted, clip: labels)
    Legend(scale: scale, label: "M(i, j)").render(
      into: &grid, in: Rect(x: strip.x, y: y, width: min(strip.width, 40), height: 1), theme: theme)
    y += 1

    // The heatmap: the shown locations' rows, transposed so that locations run across.
    let m = memory.columns
    var shown = [Float]()
    shown.reserveCapacity(window.count * m)
    for d in 0..<window.count {
      shown += memory.values[(window.location(at: d) * m)..<((window.location(at: d) + 1) * m)]
    }
    Heatmap(
      values: shown, rows: window.count, columns: m, scale: scale, transposed: true,
      horizontal: window.axis, vertical: AxisView.fitting(count: m, length: heatRows),
      highlightedRow: window.displayIndex(of: state.cursor)
    ).render(into: &grid, in: Rect(x: strip.x, y: y, width: strip.width, height: heatRows), theme: theme)
    grid.write("M=\(m) values", x: labels.x, y: y + heatRows / 2, style: theme.muted, clip: labels)
    y += heatRows

    // One strip per head, write heads (red) then read heads (blue), as in the step order.
    for index in heads {
      let w = state.weightings[index]
      let isWrite = run.heads[index].isWrite
      var style = CellStyle(foreground: isWrite ? .indexed(1) : .indexed(4), attributes: .bold)
      if theme.colorMode == .monochrome { style = CellStyle(attributes: isWrite ? .bold : .underline) }
      if index == state.selectedHead { style = style.adding(.reverse) }
      let focus = w.argmax ?? 0
      let label = "\(state.headName(index)) @\(focus) \(ViewerScreen.fixed(w[focus], 2))"
      grid.write(label, x: labels.x, y: y, style: style, clip: labels)
      WeightingStrip(weights: window.shown(w), axis: window.axis, style: .heat, showsFocusMarker: false)
        .render(
          into: &grid, in: Rect(x: strip.x, y: y, width: strip.width, height: 1), theme: theme)
      y += 1
    }

    if let dnc {
      y = dnc.render(
        into: &grid, window: window, labels: labels, strip: strip, y: y, limit: inner.maxY - 1, theme: theme)
    } else if showsStages {
      y = stages(window, into: &grid, labels: labels, strip: strip, y: y, theme: theme)
    }

    // The location axis: tick labels, the cursor, and the locations the task marks.
    let axisY = inner.maxY - 1
    // A tick every 10 locations, closer when locations are drawn wide, further when packed.
    let cells = window.axis.indicesPerCell > 1 ? 1 : window.axis.cellsPerIndex
    let every =
      window.axis.indicesPerCell > 1
      ? 10 * window.axis.indicesPerCell : (cells >= 4 ? 1 : (cells >= 2 ? 5 : 10))
    for d in 0..<window.count where window.location(at: d) % every == 0 {
      if let columns = mapping.screenRange(ofIndex: d) {
        grid.write(
          String(window.location(at: d)), x: columns.lowerBound, y: axisY, style: theme.muted, clip: strip)
      }
    }
    for location in marked {
      if let d = window.displayIndex(of: location), let columns = mapping.screenRange(ofIndex: d) {
        grid.write(
          String(theme.glyphs.markerUp), x: columns.lowerBound, y: axisY, style: theme.title, clip: strip)
      }
    }
    if let d = window.displayIndex(of: state.cursor), let columns = mapping.screenRange(ofIndex: d) {
      grid.write(
        String(theme.glyphs.markerUp) + "\(state.cursor)", x: columns.lowerBound, y: axisY,
        style: theme.accent, clip: strip)
    }
    grid.write("location", x: labels.x, y: axisY, style: theme.muted, clip: labels)
  }

  /// The fewest rows the heatmap of memory values keeps, however many heads there are.
  static let minimumHeatRows = 2
  /// The rows the memory's heatmap keeps before the DNC's link matrix takes any.
  static let dncHeatRows = 8

  /// The heads whose strips fit in `rows`, in step order: all of them when they fit, else the
  /// first ones and the selected head (tab brings any head into view).
  static func headsShown(count: Int, selected: Int, rows: Int) -> [Int] {
    let k = max(1, rows)
    guard count > k else { return Array(0..<count) }
    return selected < k ? Array(0..<k) : Array(0..<(k - 1)) + [selected]
  }

  /// The DNC's rows for the shown step and the selected head, or nil for the NTM or before the
  /// first step.
  private func dncRows() -> DNCMemoryRows? {
    guard case .dnc(let record) = state.current else { return nil }
    return DNCMemoryRows(
      record: record, head: state.selectedHead,
      written: run.locationsUsed(through: state.shownStep, heads: 0..<1))
  }

  /// The selected head's four addressing stages, aligned with memory; returns the next row.
  private func stages(
    _ window: MemoryWindow, into grid: inout CellGrid, labels: Rect, strip: Rect, y start: Int, theme: Theme
  ) -> Int {
    var y = start
    guard case .ntm(let record) = state.current, run.hasAddressing else {
      let why =
        !run.hasAddressing
        ? "addressing: this trace holds only the final weightings"
        : run.machine == .dnc
          ? "step to see the DNC's usage, allocation, \(state.headName(state.selectedHead))'s weightings and the links"
          : "addressing: step to see \(state.headName(state.selectedHead))'s four stages"
      grid.write(why, x: labels.x, y: y, style: theme.muted, clip: labels.union(strip))
      return y + 6
    }
    let a = record.head(at: state.selectedHead).addressing
    let shift = AddressingSummary(a, shifts: run.shifts)
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
      WeightingStrip(
        weights: window.shown(values), axis: window.axis, style: .heat, scale: scale, showsFocusMarker: false
      )
      .render(into: &grid, in: Rect(x: strip.x, y: y, width: strip.width, height: 1), theme: theme)
      y += 1
    }
    return y
  }

  /// Where the vectors the task marks (associative recall: the query's match) were stored.
  private func markedLocations() -> [Int] {
    guard let reading = run.reading, let t = state.shownStep else { return [] }
    return reading.markedSteps.filter { $0 <= t }.compactMap { run.storageLocation(ofStep: $0) }
  }
}

extension Rect {
  /// The smallest rectangle holding both.
  func union(_ other: Rect) -> Rect {
    let x = min(self.x, other.x)
    let y = min(self.y, other.y)
    return Rect(x: x, y: y, width: max(maxX, other.maxX) - x, height: max(maxY, other.maxY) - y)
  }
}
