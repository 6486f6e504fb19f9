import NTM

/// What only the DNC has, drawn under its memory column for column like the NTM's addressing
/// stages: the allocation (usage uₜ, retention ψₜ with the free gates, the free list's order,
/// the allocation weighting aₜ), the selected head's decomposition (the write's content cʷ
/// against allocation with gᵃ and gʷ, or a read head's backward, content and forward weightings
/// with its read modes π), the precedence pₜ, and the temporal link matrix Lₜ cropped to the
/// locations written so far. Every number is the step record's.
struct DNCMemoryRows {
  let record: DNCStepRecord<Float>
  /// The selected head, the write head first.
  let head: Int
  /// The locations the write head has used so far, ascending: the link matrix's rows.
  let written: [Int]

  /// The rows always drawn: the allocation's four strips, the head's (the write's two, or a read
  /// head's four and its modes' bar), the precedence and the link's row of arrows.
  var fixedRows: Int { 4 + (head == 0 ? 2 : 5) + 1 + 1 }
  /// The rows the link matrix's heatmap would like under its arrows: one per written location.
  var linkRowsWanted: Int { written.count }

  /// One strip: a label and a value in 0…1 per location.
  struct Strip {
    var label: String
    var values: [Float]
  }

  /// The strips above the read modes' bar: the allocation, then the selected head's.
  var strips: [Strip] {
    let r = record
    let n = r.usage.count
    let frees = r.readHeads.indices.map { fixed(r.interface.value(.freeGate($0))) }.joined(separator: " ")
    // The free list drawn as a heat: the first location to be allocated hottest.
    var order = [Float](repeating: 0, count: n)
    for (rank, location) in r.freeList.enumerated() {
      order[location] = 1 - Float(rank) / Float(max(n - 1, 1))
    }
    var rows = [
      Strip(label: "uₜ usage", values: r.usage),
      Strip(label: "ψₜ f=\(frees)", values: r.retention),
      Strip(label: "φ free list", values: order),
      Strip(label: "aₜ allocation", values: r.allocationWeighting),
    ]
    if head == 0 {
      let ga = r.interface.value(.allocationGate)
      let gw = r.interface.value(.writeGate)
      rows += [
        Strip(label: "cʷ β=\(fixed(r.write.content.keyStrength, 1))", values: r.write.contentWeighting),
        Strip(label: "wʷ gᵃ\(fixed(ga)) gʷ\(fixed(gw))", values: r.write.weighting),
      ]
    } else {
      let read = r.readHeads[head - 1]
      let mode = Array(r.interface[.readMode(head - 1)])
      rows += [
        Strip(label: "b π=\(fixed(mode[0]))", values: read.backwardWeighting),
        Strip(
          label: "c π=\(fixed(mode[1])) β=\(fixed(read.content.keyStrength, 0))",
          values: read.contentWeighting),
        Strip(label: "f π=\(fixed(mode[2]))", values: read.forwardWeighting),
        Strip(label: "wʳ read\(head - 1)", values: read.weighting),
      ]
    }
    return rows
  }

  /// The strip under the read modes' bar, just above the link matrix it feeds.
  var precedence: Strip { Strip(label: "pₜ precedence", values: record.precedence) }

  /// Draws the strips from row `y` and the link matrix under them in the rows left before
  /// `limit`; returns the row after the last drawn.
  func render(
    into grid: inout CellGrid, window: MemoryWindow, labels: Rect, strip: Rect, y start: Int, limit: Int,
    theme: Theme
  ) -> Int {
    var y = start
    func draw(_ row: Strip) {
      guard y < limit else { return }
      grid.write(row.label, x: labels.x, y: y, style: theme.accent, clip: labels)
      WeightingStrip(
        weights: window.shown(row.values), axis: window.axis, style: .heat, showsFocusMarker: false
      )
      .render(into: &grid, in: Rect(x: strip.x, y: y, width: strip.width, height: 1), theme: theme)
      y += 1
    }
    strips.forEach(draw)
    // The free list is the third strip.
    if start + 2 < limit { ranks(into: &grid, window: window, strip: strip, y: start + 2, theme: theme) }
    if head > 0, y < limit { y = modes(into: &grid, labels: labels, strip: strip, y: y, theme: theme) }
    draw(precedence)
    guard y < limit else { return y }
    return links(
      into: &grid, window: window, labels: labels, strip: strip, y: y, rows: limit - y, theme: theme)
  }

  /// The free list's ranks written over its heat, 0 for the location allocation takes first (as
  /// the playground's DNC page counts), where a location's cells are wide enough for its number.
  private func ranks(into grid: inout CellGrid, window: MemoryWindow, strip: Rect, y: Int, theme: Theme) {
    // Every rank or none, each with a gap after it, so that neighbours never read as one number.
    let digits = String(max(record.freeList.count - 1, 0)).count
    guard window.axis.indicesPerCell == 1, window.axis.cellsPerIndex > digits else { return }
    let mapping = AxisMapping(view: window.axis, count: window.count, start: strip.x, length: strip.width)
    var rank = [Int](repeating: 0, count: record.freeList.count)
    for (k, location) in record.freeList.enumerated() { rank[location] = k }
    for d in mapping.visibleIndices {
      guard let columns = mapping.screenRange(ofIndex: d) else { continue }
      let text = String(rank[window.location(at: d)])
      for (offset, character) in text.enumerated() {
        var cell = grid[columns.lowerBound + offset, y]
        cell.character = character
        // Dark digits on the hot end of the ramp, light ones on the cold end.
        cell.foreground =
          rank[window.location(at: d)] < record.freeList.count / 2 ? .indexed(0) : .indexed(15)
        if theme.colorMode == .monochrome { cell = Cell(character, attributes: .bold) }
        grid[columns.lowerBound + offset, y] = cell
      }
    }
  }

  /// The selected read head's modes as one bar: backward, content and forward, each as wide as
  /// its share.
  private func modes(into grid: inout CellGrid, labels: Rect, strip: Rect, y: Int, theme: Theme) -> Int {
    let mode = Array(record.interface[.readMode(head - 1)])
    grid.write("π b/c/f modes", x: labels.x, y: y, style: theme.accent, clip: labels)
    let names = ["backward", "content", "forward"]
    let colors: [Color] = [.indexed(5), .indexed(6), .indexed(2)]
    var x = strip.x
    for k in 0..<3 {
      let end = k == 2 ? strip.maxX : min(strip.maxX, x + Int((mode[k] * Float(strip.width)).rounded()))
      let text = "\(names[k]) \(fixed(mode[k]))"
      let style =
        theme.colorMode == .monochrome
        ? CellStyle(attributes: k == 1 ? .reverse : [])
        : CellStyle(foreground: .indexed(0), background: colors[k])
      for column in x..<max(x, end) {
        let offset = column - x
        let character = offset < text.count ? text[text.index(text.startIndex, offsetBy: offset)] : " "
        grid[column, y] = Cell(character, style: style)
      }
      x = max(x, end)
    }
    return y + 1
  }

  /// Lₜ: first a row of arrows along the location axis, under each location j the way to the
  /// location i written right after it (its strongest link L[i, j], brighter the stronger);
  /// then, in the rows left, the matrix as a heatmap, a column per shown location j (aligned
  /// with the memory) and a row per written location i, packed several a row when they do not
  /// fit.
  private func links(
    into grid: inout CellGrid, window: MemoryWindow, labels: Rect, strip: Rect, y: Int, rows: Int,
    theme: Theme
  ) -> Int {
    let link = record.link
    grid.write("Lₜ next j → i", x: labels.x, y: y, style: theme.accent, clip: labels)
    let mapping = AxisMapping(view: window.axis, count: window.count, start: strip.x, length: strip.width)
    for d in mapping.visibleIndices {
      let j = window.location(at: d)
      guard let columns = mapping.screenRange(ofIndex: d) else { continue }
      let (next, strength) = record.next(after: j)
      guard strength >= RecordedRun.focusThreshold else { continue }
      let glyph: Character = next > j ? "→" : "←"
      var cell = Cell(glyph, foreground: theme.color(for: strength, scale: .sequential()))
      if theme.colorMode == .monochrome, strength < 0.5 { cell.attributes.insert(.dim) }
      grid[columns.lowerBound, y] = cell
      // Where the cells are wide enough, the successor's number beside the arrow.
      if columns.count >= 3 {
        grid.write(String(next), x: columns.lowerBound + 1, y: y, style: theme.muted, clip: strip)
      }
    }
    guard !written.isEmpty, rows >= 3 else { return y + 1 }
    let shown = (0..<window.count).map(window.location(at:))
    let values = written.flatMap { i in shown.map { j in link[i, j] } }
    let height = min(rows - 1, written.count)
    let vertical = AxisView.fitting(count: written.count, length: height)
    Heatmap(
      values: values, rows: written.count, columns: shown.count, scale: .sequential(),
      horizontal: window.axis,
      vertical: vertical
    ).render(into: &grid, in: Rect(x: strip.x, y: y + 1, width: strip.width, height: height), theme: theme)
    for row in 0..<height {
      let first = row * vertical.indicesPerCell
      guard first < written.count else { break }
      let text = "L[\(written[first])\(vertical.indicesPerCell > 1 ? "…" : ""), j]"
      grid.write(
        text.leftPadded(to: labels.width - 1), x: labels.x, y: y + 1 + row, style: theme.muted, clip: labels)
    }
    return y + 1 + height
  }

  private func fixed(_ x: Float, _ decimals: Int = 2) -> String { NumberFormat.fixed(x, decimals: decimals) }
}

extension String {
  /// The string right-aligned in `width` characters (unchanged when longer).
  fileprivate func leftPadded(to width: Int) -> String {
    count >= width ? self : String(repeating: " ", count: width - count) + self
  }
}
