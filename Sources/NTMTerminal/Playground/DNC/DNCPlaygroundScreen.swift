import NTM

/// `render(state, size) -> grid` for the playground's DNC page: the memory with the keys and the
/// write vector beside it, under it every stage of the next step location by location (the
/// allocation's, the write's, the read head's), the link matrix and precedence beside, the
/// hand-set interface on two lines, and the library's sentences. Every number drawn comes from
/// the library's `DNCAccessRecord` for the state.
public enum DNCPlaygroundScreen {
  static let minimum = Size(width: 108, height: 32)
  /// The label column left of the memory and the rows; the columns of kʷ, v and kʳ sit at its
  /// right end.
  static let labelWidth = 22
  static let cellsPerLocation = PlaygroundLayout.cellsPerLocation
  static let statsWidth = PlaygroundLayout.statsWidth

  public static func render(_ s: DNCPlaygroundState, size: Size, theme: Theme) -> CellGrid {
    var grid = CellGrid(size: size)
    guard size.width >= minimum.width, size.height >= minimum.height else {
      let text =
        "Enlarge the terminal to at least \(minimum.width)×\(minimum.height) for the DNC page (now \(size.width)×\(size.height)); n: the NTM page"
      TextBlock(text, style: theme.accent, alignment: .centre).render(
        into: &grid, in: Rect(x: 0, y: max(0, size.height / 2 - 1), width: size.width, height: 3),
        theme: theme)
      return grid
    }
    let access = s.access
    let n = s.memoryState.memory.rows
    var rest = Rect(size: size)
    var (header, footer) = (Rect(size: size), Rect(size: size))
    (header, rest) = rest.sliceTop(1)
    (footer, rest) = rest.sliceBottom(1)
    let bandHeight = 2 + 1 + s.memoryState.memory.columns + 1 + 6 + 1 + 5
    var band: Rect
    (band, rest) = rest.sliceTop(bandHeight)
    let mainWidth = 2 + labelWidth + n * cellsPerLocation + 1 + statsWidth
    let (main, side) = band.sliceLeft(mainWidth)
    var parameters: Rect
    (parameters, rest) = rest.sliceTop(2)
    var summary: Rect
    (summary, rest) = rest.sliceTop(2)

    headerLine(s, into: &grid, in: header, theme: theme)
    let area = Panel(
      title: "Memory Mₜ₋₁ (\(n) × \(s.memoryState.memory.columns)) and the next step, stage by stage"
    )
    .render(into: &grid, in: main, theme: theme)
    memoryAndStages(s, access, into: &grid, in: area, theme: theme)
    linkPanel(s, access, into: &grid, in: side, theme: theme)
    parameterLines(s, into: &grid, in: parameters, theme: theme)
    TextBlock(s.summary.sentence).render(into: &grid, in: summary, theme: theme)
    explanation(s, into: &grid, in: rest, theme: theme)
    footerLine(s, into: &grid, in: footer, theme: theme)
    if s.showsHelp {
      let lines = DNCPlaygroundKeys.help.map { PlaygroundScreen.padded($0.keys, 13) + $0.action }
      Overlay(title: "Keys (any key closes)", lines: lines).render(into: &grid, in: grid.bounds, theme: theme)
    }
    return grid
  }

  // MARK: Parts

  private static func headerLine(
    _ s: DNCPlaygroundState, into grid: inout CellGrid, in rect: Rect, theme: Theme
  ) {
    Label([
      Span(" DNC playground ", style: theme.title.adding(.reverse)),
      Span(" preset \(s.presetIndex): \(s.preset.name)", style: theme.title),
      Span(" │ steps \(s.steps)"),
    ]).render(into: &grid, in: rect, theme: theme)
    Label("n NTM page  ? help  q quit ", style: theme.muted, alignment: .trailing).render(
      into: &grid, in: rect.sliceRight(28).slice, theme: theme)
  }

  /// The memory (locations across, components down) with kʷ, v and kʳ as columns to its left,
  /// and under it, column for column, every stage of the next step.
  private static func memoryAndStages(
    _ s: DNCPlaygroundState, _ access: DNCAccessRecord<Float>, into grid: inout CellGrid, in area: Rect,
    theme: Theme
  ) {
    let memory = s.memoryState.memory
    let (n, w) = (memory.rows, memory.columns)
    let labels = area.sliceLeft(labelWidth).slice
    let strip = Rect(x: labels.maxX, y: area.y, width: n * cellsPerLocation, height: area.height)
    let statsX = strip.maxX + 1
    let axis = AxisView(cellsPerIndex: cellsPerLocation)
    let interface = s.interface
    let columns: [(String, [Float])] = [
      ("kʷ", interface.write.key), (" v", interface.write.add), ("kʳ", interface.reads[0].key),
    ]
    let columnsX = labels.maxX - columns.count * cellsPerLocation - 1
    var y = area.y

    grid.write("location", x: labels.x, y: y, style: theme.muted, clip: labels)
    for (k, column) in columns.enumerated() {
      grid.write(" " + column.0, x: columnsX + k * cellsPerLocation, y: y, style: theme.title, clip: labels)
    }
    for i in 0..<n {
      grid.write(" \(i) ", x: strip.x + i * cellsPerLocation, y: y, style: theme.muted)
    }
    y += 1

    let scale = ValueScale.diverging(limit: max(1, memory.values.lazy.filter(\.isFinite).map(abs).max() ?? 1))
    Heatmap(values: memory.values, rows: n, columns: w, scale: scale, transposed: true, horizontal: axis)
      .render(into: &grid, in: Rect(x: strip.x, y: y, width: strip.width, height: w), theme: theme)
    for j in 0..<w {
      grid.write("M(i,\(j))", x: labels.x, y: y + j, style: theme.muted, clip: labels)
      for (k, column) in columns.enumerated() {
        let x = columnsX + k * cellsPerLocation
        grid.fill(
          Rect(x: x, y: y + j, width: cellsPerLocation - 1, height: 1),
          with: theme.cell(for: column.1[j], scale: scale))
        PlaygroundScreen.number(column.1[j], signed: true, into: &grid, x: x, y: y + j, theme: theme)
      }
      for i in 0..<n {
        PlaygroundScreen.number(
          memory[i, j], signed: true, into: &grid, x: strip.x + i * cellsPerLocation, y: y + j, theme: theme)
      }
    }
    y += w

    let selectedStage = s.selected.stage
    for stage in DNCPlaygroundStage.allCases {
      if stage == .retention || stage.startsReadHead {
        let title =
          stage == .retention ? "write head: allocation, then the write" : "read head 0: links and content"
        grid.write(String(repeating: "─", count: area.width), x: area.x, y: y, style: theme.muted, clip: area)
        grid.write(" \(title) ", x: labels.x + 1, y: y, style: theme.title, clip: area)
        y += 1
      }
      let values = stage.values(in: access)
      let isSelected = stage == selectedStage
      grid.write(
        PlaygroundScreen.padded(stage.label, labels.width - 1), x: labels.x, y: y,
        style: isSelected ? theme.accent.adding(.reverse) : theme.accent, clip: labels)
      if stage == .freeRank {
        // Ranks are positions, not weights: the first few in the accent colour, no heat.
        for (i, rank) in values.enumerated() {
          grid.write(
            "  \(Int(rank))", x: strip.x + i * cellsPerLocation, y: y,
            style: rank < 1 ? theme.accent : theme.muted)
        }
        grid.write(
          "next \(access.freeList.prefix(3).map(String.init).joined(separator: " "))…", x: statsX, y: y,
          style: theme.muted, clip: area)
      } else {
        WeightingStrip(
          weights: values, axis: axis, style: .heat, scale: .sequential(), showsFocusMarker: false
        )
        .render(into: &grid, in: Rect(x: strip.x, y: y, width: strip.width, height: 1), theme: theme)
        for i in 0..<n {
          PlaygroundScreen.number(
            values[i], signed: false, into: &grid, x: strip.x + i * cellsPerLocation, y: y, theme: theme)
        }
        if let best = values.argmax, values[best] >= 0.005 {
          grid.write(
            "max \(PlaygroundScreen.fixed(values[best], 2)) @\(best)", x: statsX, y: y,
            style: isSelected ? theme.title : .plain, clip: area)
        }
      }
      y += 1
    }
  }

  /// Lₜ as an N × N heatmap with its values, the precedence pₜ under it, the read vector, and the
  /// selected stage's formula.
  private static func linkPanel(
    _ s: DNCPlaygroundState, _ access: DNCAccessRecord<Float>, into grid: inout CellGrid, in rect: Rect,
    theme: Theme
  ) {
    let text = Panel(title: "Links Lₜ(i,j): i written right after j").render(
      into: &grid, in: rect, theme: theme)
    let n = access.link.rows
    let labelWidth = 5
    let x0 = text.x + labelWidth
    var y = text.y
    grid.write("i\\j", x: text.x, y: y, style: theme.muted, clip: text)
    for j in 0..<n {
      grid.write(" \(j) ", x: x0 + j * cellsPerLocation, y: y, style: theme.muted, clip: text)
    }
    y += 1
    let axis = AxisView(cellsPerIndex: cellsPerLocation)
    Heatmap(values: access.link.values, rows: n, columns: n, scale: .sequential(), horizontal: axis)
      .render(
        into: &grid, in: Rect(x: x0, y: y, width: n * cellsPerLocation, height: n).intersection(text),
        theme: theme)
    for i in 0..<n where y + i < text.maxY {
      grid.write(" \(i)", x: text.x, y: y + i, style: theme.muted, clip: text)
      for j in 0..<n {
        PlaygroundScreen.number(
          access.link[i, j], signed: false, into: &grid, x: x0 + j * cellsPerLocation, y: y + i, theme: theme)
      }
    }
    y += n
    if y < text.maxY {
      grid.write(" p", x: text.x, y: y, style: theme.accent, clip: text)
      WeightingStrip(
        weights: access.precedence, axis: axis, style: .heat, scale: .sequential(), showsFocusMarker: false
      )
      .render(
        into: &grid, in: Rect(x: x0, y: y, width: n * cellsPerLocation, height: 1).intersection(text),
        theme: theme)
      for j in 0..<n {
        PlaygroundScreen.number(
          access.precedence[j], signed: false, into: &grid, x: x0 + j * cellsPerLocation, y: y, theme: theme)
      }
      y += 1
    }
    if y < text.maxY {
      let read = access.readHeads[0].read
      let values = read.map { NumberFormat.compact($0, width: 4, minus: theme.glyphs.minus) }.joined(
        separator: " ")
      grid.write(" r   \(values)", x: text.x, y: y, style: .plain, clip: text)
      y += 2
    }
    let stage = s.selected.stage
    guard y < text.maxY else { return }
    grid.write(stage.name, x: text.x, y: y, style: theme.title, clip: text)
    y += 1
    for line in stage.formulaLines where y < text.maxY {
      grid.write(line, x: text.x, y: y, style: theme.accent, clip: text)
      y += 1
    }
    if y < text.maxY {
      TextBlock(stage.meaning, style: theme.muted).render(
        into: &grid, in: Rect(x: text.x, y: y, width: text.width, height: text.maxY - y), theme: theme)
    }
  }

  /// The interface set by hand: the write head's on the first line, the read head's and the
  /// fixes on the second; the selected parameter in reverse.
  private static func parameterLines(
    _ s: DNCPlaygroundState, into grid: inout CellGrid, in rect: Rect, theme: Theme
  ) {
    let settings = s.settings
    func f(_ x: Float, _ d: Int = 2) -> String { PlaygroundScreen.fixed(x, d) }
    func sign(_ pattern: [Float]) -> String { String(pattern.map { $0 > 0 ? "+" : ($0 < 0 ? "-" : "0") }) }
    let write: [(DNCPlaygroundParameter, String)] = [
      (.writeKey, "M(\(settings.writeKeyRow))"), (.writeKeyStrength, f(settings.writeKeyStrength, 0)),
      (.allocationGate, f(settings.allocationGate)), (.writeGate, f(settings.writeGate)),
      (.erase, f(settings.erase)), (.add, sign(s.patterns[settings.addPattern % s.patterns.count])),
    ]
    let read: [(DNCPlaygroundParameter, String)] = [
      (.freeGate, f(settings.freeGate)), (.readKey, "M(\(settings.readKeyRow))"),
      (.readKeyStrength, f(settings.readKeyStrength, 0)), (.backwardMode, f(settings.readMode[0])),
      (.contentMode, f(settings.readMode[1])), (.forwardMode, f(settings.readMode[2])),
      (.deallocation, settings.deallocation ? "on" : "off"), (.masking, settings.masking.label),
      (.linkSharpness, settings.linkSharpness.label),
    ]
    for (row, (title, entries)) in [("write ", write), ("read0 ", read)].enumerated() {
      var spans = [Span(title, style: theme.title)]
      for (parameter, value) in entries {
        if parameter == .deallocation { spans.append(Span("│ fixes:", style: theme.muted)) }
        let style = parameter == s.selected ? theme.accent.adding(.reverse) : CellStyle.plain
        spans.append(Span(" \(parameter.symbol)=\(value) ", style: style))
      }
      Label(spans).render(
        into: &grid, in: Rect(x: rect.x, y: rect.y + row, width: rect.width, height: 1), theme: theme)
    }
  }

  private static func explanation(
    _ s: DNCPlaygroundState, into grid: inout CellGrid, in rect: Rect, theme: Theme
  ) {
    let paragraph = s.preset.explanation
    let lines = Text.wrapped(paragraph, width: rect.width - 4).count
    let (frame, rest) = rect.sliceTop(lines + 2)
    let text = Panel(title: "Preset \(s.presetIndex): \(s.preset.name)").render(
      into: &grid, in: frame, theme: theme)
    TextBlock(paragraph).render(into: &grid, in: text.inset(horizontal: 1, vertical: 0), theme: theme)
    PlaygroundScreen.keys(DNCPlaygroundKeys.help, into: &grid, in: rest, theme: theme)
  }

  private static func footerLine(
    _ s: DNCPlaygroundState, into grid: inout CellGrid, in rect: Rect, theme: Theme
  ) {
    if let message = s.message {
      Label(message, style: theme.accent).render(into: &grid, in: rect, theme: theme)
    } else {
      Label(
        "↑↓ select  ←→ change  space step  , undo  0–7 presets  n NTM page  ? help  q quit",
        style: theme.muted
      ).render(into: &grid, in: rect, theme: theme)
    }
  }
}
