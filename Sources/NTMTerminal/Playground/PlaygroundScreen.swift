import NTM

/// Where each part of the playground goes for a terminal size and memory.
///
/// Wide (≥ 120 columns and rows enough for the memory): the memory and the stage strips in a
/// framed panel with a column of each strip's largest value, the selected stage's formula in a
/// panel beside them, the explanation framed below. Narrow (down to 80×24): no frames, the
/// formula on its own line. Both give every location four columns, so every strip carries its
/// numbers; a memory wider than 16 locations scrolls, one taller than the screen allows has its
/// values grouped, several per row.
struct PlaygroundLayout {
  static let minimum = Size(width: 80, height: 24)
  static let wideWidth = 120
  /// The label column left of the memory and strips (the key column sits at its right end).
  static let labelWidth = 14
  /// Columns per memory location.
  static let cellsPerLocation = 4
  /// "max 0.98 @15" after each strip (wide only; "0.98 @125" for three-digit locations).
  static let statsWidth = 12

  var isWide: Bool
  /// Rows for the memory's values (fewer than its width M means grouped rows).
  var memoryRows: Int
  /// Locations drawn at a time.
  var visibleLocations: Int
  var header: Rect
  /// The memory and strips: the panel's frame when wide, the bare area when narrow.
  var main: Rect
  /// The formula panel, beside `main` (wide only).
  var side: Rect?
  var parameters: Rect
  /// The formula line (narrow only).
  var formula: Rect?
  var summary: Rect
  var explanation: Rect
  var footer: Rect

  var stripWidth: Int { visibleLocations * PlaygroundLayout.cellsPerLocation }

  init?(size: Size, memory: Matrix<Float>) {
    guard size.width >= PlaygroundLayout.minimum.width, size.height >= PlaygroundLayout.minimum.height else {
      return nil
    }
    let stages = PlaygroundStage.allCases.count
    visibleLocations = min(memory.rows, PlaygroundState.visibleLocations)
    // Wide: header, footer, the panel's frame, location row, stage row, stages, parameters,
    // summary and three rows of explanation around the memory.
    let wideRows = size.height - (1 + 1 + 2 + 1 + 1 + stages + 1 + 2 + 3)
    isWide = size.width >= PlaygroundLayout.wideWidth && wideRows >= 6
    let narrowRows = size.height - (1 + 1 + 1 + stages + 1 + 1 + 2 + 1)
    memoryRows = min(memory.columns, max(2, isWide ? wideRows : narrowRows))
    var rest = Rect(size: size)
    (header, rest) = rest.sliceTop(1)
    (footer, rest) = rest.sliceBottom(1)
    if isWide {
      var band: Rect
      (band, rest) = rest.sliceTop(2 + 1 + memoryRows + 1 + stages)
      let mainWidth =
        2 + PlaygroundLayout.labelWidth + visibleLocations * PlaygroundLayout.cellsPerLocation + 1
        + PlaygroundLayout.statsWidth
      (main, band) = band.sliceLeft(mainWidth)
      side = band
      formula = nil
    } else {
      (main, rest) = rest.sliceTop(1 + memoryRows + stages)
      side = nil
    }
    (parameters, rest) = rest.sliceTop(1)
    if !isWide { (formula, rest) = rest.sliceTop(1) }
    (summary, rest) = rest.sliceTop(2)
    explanation = rest
  }
}

/// `render(state, size) -> grid` for the playground: a pure function of the state. Every number
/// drawn comes from the library's `AddressingRecord` for the state's parameters.
public enum PlaygroundScreen {
  public static func render(_ s: PlaygroundState, size: Size, theme: Theme) -> CellGrid {
    var grid = CellGrid(size: size)
    guard let layout = PlaygroundLayout(size: size, memory: s.memory) else {
      let m = PlaygroundLayout.minimum
      let text = "Enlarge the terminal to at least \(m.width)×\(m.height) (now \(size.width)×\(size.height))"
      TextBlock(text, style: theme.accent, alignment: .centre).render(
        into: &grid, in: Rect(x: 0, y: max(0, size.height / 2 - 1), width: size.width, height: 3),
        theme: theme)
      return grid
    }
    let record = s.record
    header(s, into: &grid, in: layout.header, theme: theme)
    var area = layout.main
    if layout.isWide {
      area = Panel(
        title:
          "Memory M (\(s.memory.rows) × \(s.memory.columns)), key k, and one head's addressing, stage by stage"
      ).render(into: &grid, in: layout.main, theme: theme)
    }
    memoryAndStages(s, record, into: &grid, in: area, layout: layout, theme: theme)
    if let side = layout.side { formulaPanel(s, record, into: &grid, in: side, theme: theme) }
    parameterLine(s, into: &grid, in: layout.parameters, theme: theme)
    if let row = layout.formula {
      Label([
        Span("\(s.stage.name): ", style: theme.title), Span(s.stage.formula, style: theme.accent),
      ]).render(into: &grid, in: row, theme: theme)
    }
    TextBlock(s.summary.sentence).render(into: &grid, in: layout.summary, theme: theme)
    explanation(s, into: &grid, in: layout.explanation, wide: layout.isWide, theme: theme)
    if s.embedded {
      Label("q: back to the viewer ", style: theme.accent, alignment: .trailing).render(
        into: &grid, in: layout.header.sliceRight(22).slice, theme: theme)
    }
    footer(s, into: &grid, in: layout.footer, theme: theme)
    if s.showsHelp {
      let lines = PlaygroundKeys.help(embedded: s.embedded).map { entry in
        padded(entry.keys, 13) + entry.action
      }
      Overlay(title: "Keys (any key closes)", lines: lines).render(into: &grid, in: grid.bounds, theme: theme)
    }
    return grid
  }

  // MARK: Parts

  private static func header(_ s: PlaygroundState, into grid: inout CellGrid, in rect: Rect, theme: Theme) {
    Label([
      Span(" NTM playground ", style: theme.title.adding(.reverse)),
      Span(
        s.origin.map { " \($0.title)" } ?? " preset \(s.presetIndex): \(s.preset.name)", style: theme.title),
      Span(" │ head steps \(s.steps)"),
      Span(s.focus == .memory ? " │ editing memory" : "", style: theme.accent),
    ]).render(into: &grid, in: rect, theme: theme)
    let keys = s.embedded ? "? help  q quit " : "d DNC page  ? help  q quit "
    Label(keys, style: theme.muted, alignment: .trailing).render(
      into: &grid, in: rect.sliceRight(keys.count).slice, theme: theme)
  }

  /// The memory (locations across, its values down) with the key as a column to its left,
  /// and under it, column for column, the six stages of addressing; 16 locations at a time from
  /// `firstVisible`.
  private static func memoryAndStages(
    _ s: PlaygroundState, _ record: AddressingRecord<Float>, into grid: inout CellGrid, in area: Rect,
    layout: PlaygroundLayout, theme: Theme
  ) {
    let wide = layout.isWide
    let labels = area.sliceLeft(PlaygroundLayout.labelWidth).slice
    let strip = Rect(x: labels.maxX, y: area.y, width: layout.stripWidth, height: area.height)
    let statsX = strip.maxX + 1
    let axis = AxisView(offset: s.firstVisible, cellsPerIndex: PlaygroundLayout.cellsPerLocation)
    let mapping = AxisMapping(view: axis, count: s.locations, start: strip.x, length: strip.width)
    let visible = mapping.visibleIndices
    let keyX = labels.maxX - PlaygroundLayout.cellsPerLocation - 1
    let editing = s.focus == .memory
    let m = s.memory.columns
    let rows = layout.memoryRows
    // One row per value when they fit; otherwise several per row, showing the strongest.
    let vertical = rows >= m ? AxisView() : AxisView.fitting(count: m, length: rows)
    let rowMapping = AxisMapping(view: vertical, count: m, start: 0, length: rows)
    var y = area.y

    // Location numbers, the cursor's in reverse.
    grid.write("location", x: labels.x, y: y, style: theme.muted, clip: labels)
    grid.write(" k", x: keyX, y: y, style: theme.title, clip: labels)
    for i in visible {
      guard let span = mapping.screenRange(ofIndex: i) else { continue }
      let isCursor = i == s.cursor.location
      let text = i < 10 ? " \(i) " : (i < 100 ? "\(i) " : "\(i)")
      grid.write(
        text, x: span.lowerBound, y: y, style: isCursor ? theme.accent.adding(.reverse) : theme.muted)
    }
    if s.locations > visible.count {
      grid.write("of \(s.locations)", x: statsX, y: y, style: theme.muted, clip: area)
    }
    y += 1

    // Memory values (transposed: a location per column group) and the key column.
    let memoryRect = Rect(x: strip.x, y: y, width: strip.width, height: rows)
    let scale = ValueScale.diverging(
      limit: max(1, s.memory.values.lazy.filter(\.isFinite).map(abs).max() ?? 1))
    Heatmap(
      values: s.memory.values, rows: s.memory.rows, columns: m, scale: scale, transposed: true,
      horizontal: axis, vertical: vertical
    ).render(into: &grid, in: memoryRect, theme: theme)
    for row in 0..<rows {
      guard let components = rowMapping.indices(atCell: row) else { continue }
      let j = components.lowerBound
      let single = components.count == 1
      grid.write(
        single ? "M(i,\(j))" : "M(i,\(j)…\(components.upperBound - 1))", x: labels.x, y: y + row,
        style: theme.muted,
        clip: labels)
      let keyCells = Rect(x: keyX, y: y + row, width: PlaygroundLayout.cellsPerLocation, height: 1)
      let keyValue = scale.representative(s.key[components]) ?? 0
      grid.fill(keyCells, with: theme.cell(for: keyValue, scale: scale))
      if single { number(s.key[j], signed: true, into: &grid, x: keyX, y: y + row, theme: theme) }
      if editing && s.cursor.location < 0 && components.contains(s.cursor.component) {
        grid.applyStyle(keyCells) { $0.attributes.formUnion([.reverse, .bold]) }
      }
      for i in visible {
        guard let span = mapping.screenRange(ofIndex: i) else { continue }
        if single {
          number(s.memory[i, j], signed: true, into: &grid, x: span.lowerBound, y: y + row, theme: theme)
        }
        if editing && s.cursor.location == i && components.contains(s.cursor.component) {
          grid.applyStyle(Rect(x: span.lowerBound, y: y + row, width: span.count, height: 1)) {
            $0.attributes.formUnion([.reverse, .bold])
          }
        }
      }
    }
    y += rows

    if wide {
      grid.write("stage", x: labels.x, y: y, style: theme.muted, clip: labels)
      grid.write(
        "each row feeds the next: K → wᶜ → wᵍ → w̃ → w",
        x: strip.x, y: y, style: theme.muted, clip: area)
      y += 1
    }

    // The stages, each aligned with the memory's locations.
    for stage in PlaygroundStage.allCases {
      let values = stage.values(in: record)
      let isSelected = stage == s.stage
      let labelStyle = isSelected ? theme.accent.adding(.reverse) : theme.accent
      grid.write(
        padded(stage.label, labels.width - 1),
        x: labels.x, y: y, style: labelStyle, clip: labels)
      WeightingStrip(weights: values, axis: axis, style: .heat, scale: stage.scale, showsFocusMarker: false)
        .render(into: &grid, in: Rect(x: strip.x, y: y, width: strip.width, height: 1), theme: theme)
      for i in visible {
        guard let span = mapping.screenRange(ofIndex: i) else { continue }
        number(values[i], signed: stage == .similarity, into: &grid, x: span.lowerBound, y: y, theme: theme)
      }
      if wide, let best = values.argmax {
        let stats = "max \(fixed(values[best], 2)) @\(best)"
        grid.write(
          stats.count > PlaygroundLayout.statsWidth ? String(stats.dropFirst(4)) : stats, x: statsX, y: y,
          style: isSelected ? theme.title : .plain, clip: area)
      }
      y += 1
    }
  }

  /// A value printed over its coloured cells, three characters wide: weights below 0.005 are
  /// left blank (their colour already says "nothing"), signed values always show.
  static func number(
    _ value: Float, signed: Bool, into grid: inout CellGrid, x: Int, y: Int, theme: Theme
  ) {
    if !signed && abs(value) < 0.005 { return }
    let text: String
    if value == value.rounded() && abs(value) < 10 {
      text = (value < 0 ? String(theme.glyphs.minus) : " ") + "\(Int(abs(value)))"
    } else {
      text = NumberFormat.compact(value, width: 3, minus: theme.glyphs.minus)
    }
    for (k, character) in text.enumerated() {
      var cell = grid[x + k, y]
      cell.character = character
      cell.foreground = theme.contrastingForeground(on: cell.background)
      grid[x + k, y] = cell
    }
  }

  private static func formulaPanel(
    _ s: PlaygroundState, _ record: AddressingRecord<Float>, into grid: inout CellGrid, in rect: Rect,
    theme: Theme
  ) {
    let text = Panel(title: "Formula", isFocused: true).render(into: &grid, in: rect, theme: theme)
    var y = text.y
    func block(_ string: String, _ style: CellStyle) {
      let lines = Text.wrapped(string, width: text.width)
      TextBlock(string, style: style).render(
        into: &grid, in: Rect(x: text.x, y: y, width: text.width, height: max(0, text.maxY - y)), theme: theme
      )
      y += lines.count
    }
    block(s.stage.name, theme.title)
    // The hand-broken lines when the one-line formula does not fit.
    let lines = s.stage.formula.count <= text.width ? [s.stage.formula] : s.stage.formulaLines
    for line in lines where y < text.maxY {
      grid.write(line, x: text.x, y: y, style: theme.accent, clip: text)
      y += 1
    }
    y += 1
    block(s.stage.meaning, .plain)
    y += 1
    if s.cursor.location >= 0 {
      let i = s.cursor.location
      block("at location \(i): \(fixed(s.stage.values(in: record)[i], 3))", theme.muted)
    }
  }

  private static func parameterLine(
    _ s: PlaygroundState, into grid: inout CellGrid, in rect: Rect, theme: Theme
  ) {
    let values: [(PlaygroundParameter, String)] =
      [
        (.key, s.keyRow.map { "M(\($0))" } ?? "typed"),
        (.keyStrength, fixed(s.keyStrength, 1)),
        (.interpolationGate, fixed(s.interpolationGate, 2)),
      ] + zip(s.shifts, s.shiftWeighting).map { (.shift($0), fixed($1, 2)) } + [
        (.sharpening, fixed(s.sharpening, 1))
      ]
    var spans: [Span] = []
    for (parameter, value) in values {
      var style = parameter == s.selected ? theme.accent.adding(.reverse) : CellStyle.plain
      if s.focus == .memory { style = theme.muted }
      spans.append(Span(" \(parameter.symbol) = \(value) ", style: style))
    }
    Label(spans).render(into: &grid, in: rect, theme: theme)
  }

  private static func explanation(
    _ s: PlaygroundState, into grid: inout CellGrid, in rect: Rect, wide: Bool, theme: Theme
  ) {
    let paragraph = s.origin?.explanation ?? s.preset.explanation
    guard wide else {
      TextBlock(paragraph).render(into: &grid, in: rect, theme: theme)
      return
    }
    let lines = Text.wrapped(paragraph, width: rect.width - 4).count
    let (frame, rest) = rect.sliceTop(lines + 2)
    let text = Panel(title: s.origin?.title ?? "Preset \(s.presetIndex): \(s.preset.name)").render(
      into: &grid, in: frame, theme: theme)
    TextBlock(paragraph).render(
      into: &grid, in: text.inset(horizontal: 1, vertical: 0), theme: theme)
    keys(PlaygroundKeys.help(embedded: s.embedded), into: &grid, in: rest, theme: theme)
  }

  /// The help's key list in two columns, where the wide layout has rows to spare for all of it.
  static func keys(
    _ entries: [(keys: String, action: String)], into grid: inout CellGrid, in rect: Rect, theme: Theme
  ) {
    let rows = (entries.count + 1) / 2
    guard rect.height >= rows + 2 else { return }  // all of them or none: half a list misleads
    let inner = Panel(title: "Keys").render(into: &grid, in: rect.sliceTop(rows + 2).slice, theme: theme)
      .inset(horizontal: 1, vertical: 0)
    let columnWidth = inner.width / 2
    for (i, entry) in entries.enumerated() {
      let row = Rect(
        x: inner.x + (i / rows) * columnWidth, y: inner.y + i % rows, width: columnWidth - 1, height: 1)
      guard row.y < inner.maxY else { continue }
      Label([
        Span(padded(entry.keys, 13), style: theme.title),
        Span(entry.action, style: theme.muted),
      ]).render(into: &grid, in: row, theme: theme)
    }
  }

  private static func footer(_ s: PlaygroundState, into grid: inout CellGrid, in rect: Rect, theme: Theme) {
    if let prompt = s.prompt {
      let what: String
      switch prompt.target {
      case .key: what = "key k"
      case .row(let i): what = "memory row \(i)"
      }
      Label([
        Span("\(what): ", style: theme.title), Span(prompt.text + "▏", style: theme.accent),
        Span(
          "  \(s.memory.columns) numbers, or \(s.memory.columns) signs like +-+0--; enter applies, esc cancels",
          style: theme.muted),
      ]).render(into: &grid, in: rect, theme: theme)
    } else if let message = s.message {
      Label(message, style: theme.accent).render(into: &grid, in: rect, theme: theme)
    } else if s.focus == .memory {
      Label(
        "arrows move  +/- change  x flip  c row→k  e type row  f wₜ₋₁ here  esc done  ? help",
        style: theme.muted
      ).render(into: &grid, in: rect, theme: theme)
    } else {
      Label(
        "↑↓ select  ←→ change  space step  , undo  [ ] stage  0–6 presets  m memory  c row→k  k key  ? help",
        style: theme.muted
      ).render(into: &grid, in: rect, theme: theme)
    }
  }

  /// `text` with spaces added up to `width` characters (counting graphemes, so "w̃" is one).
  static func padded(_ text: String, _ width: Int) -> String {
    text + String(repeating: " ", count: max(0, width - text.count))
  }

  static func fixed(_ x: Float, _ decimals: Int) -> String { NumberFormat.fixed(x, decimals: decimals) }
}
