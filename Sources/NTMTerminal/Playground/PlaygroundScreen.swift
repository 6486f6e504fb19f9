import NTM

/// Where each part of the playground goes for a terminal size.
///
/// Wide (≥ 120×34): the memory and the stage strips in a framed panel with a column of each
/// strip's largest value, the selected stage's formula in a panel beside them, the preset's
/// explanation framed below. Narrow (down to 80×24): no frames, the formula on its own line.
/// Both give every location four columns, so every strip carries its numbers.
struct PlaygroundLayout {
  static let minimum = Size(width: 80, height: 24)
  static let wide = Size(width: 120, height: 34)
  /// The label column left of the memory and strips (the key column sits at its right end).
  static let labelWidth = 14
  /// Columns per memory location.
  static let cellsPerLocation = 4
  static var stripWidth: Int { PlaygroundState.locations * cellsPerLocation }
  /// "max 0.98 @15" after each strip (wide only).
  static let statsWidth = 12

  var isWide: Bool
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

  init?(size: Size) {
    guard size.width >= PlaygroundLayout.minimum.width, size.height >= PlaygroundLayout.minimum.height else {
      return nil
    }
    isWide = size.width >= PlaygroundLayout.wide.width && size.height >= PlaygroundLayout.wide.height
    var rest = Rect(size: size)
    (header, rest) = rest.sliceTop(1)
    (footer, rest) = rest.sliceBottom(1)
    if isWide {
      var band: Rect
      (band, rest) = rest.sliceTop(2 + 1 + PlaygroundState.width + 1 + PlaygroundStage.allCases.count)
      let mainWidth =
        2 + PlaygroundLayout.labelWidth + PlaygroundLayout.stripWidth + 1 + PlaygroundLayout.statsWidth
      (main, band) = band.sliceLeft(mainWidth)
      side = band
      formula = nil
    } else {
      (main, rest) = rest.sliceTop(1 + PlaygroundState.width + PlaygroundStage.allCases.count)
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
    guard let layout = PlaygroundLayout(size: size) else {
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
      area = Panel(title: "Memory M (16 × 6), key k, and one head's addressing, stage by stage").render(
        into: &grid, in: layout.main, theme: theme)
    }
    memoryAndStages(s, record, into: &grid, in: area, wide: layout.isWide, theme: theme)
    if let side = layout.side { formulaPanel(s, record, into: &grid, in: side, theme: theme) }
    parameterLine(s, into: &grid, in: layout.parameters, theme: theme)
    if let row = layout.formula {
      Label([
        Span("\(s.stage.name): ", style: theme.title), Span(s.stage.formula, style: theme.accent),
      ]).render(into: &grid, in: row, theme: theme)
    }
    TextBlock(s.summary.sentence).render(into: &grid, in: layout.summary, theme: theme)
    explanation(s, into: &grid, in: layout.explanation, wide: layout.isWide, theme: theme)
    footer(s, into: &grid, in: layout.footer, theme: theme)
    if s.showsHelp {
      let lines = PlaygroundKeys.help.map { entry in
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
      Span(" preset \(s.presetIndex): \(s.preset.name)", style: theme.title),
      Span(" │ head steps \(s.steps)"),
      Span(s.focus == .memory ? " │ editing memory" : "", style: theme.accent),
    ]).render(into: &grid, in: rect, theme: theme)
    Label("? help  q quit ", style: theme.muted, alignment: .trailing).render(
      into: &grid, in: rect.sliceRight(15).slice, theme: theme)
  }

  /// The memory (locations across, its 6 values down) with the key as a column to its left,
  /// and under it, column for column, the six stages of addressing.
  private static func memoryAndStages(
    _ s: PlaygroundState, _ record: AddressingRecord<Float>, into grid: inout CellGrid, in area: Rect,
    wide: Bool,
    theme: Theme
  ) {
    let labels = area.sliceLeft(PlaygroundLayout.labelWidth).slice
    let strip = Rect(
      x: labels.maxX, y: area.y, width: PlaygroundLayout.stripWidth, height: area.height)
    let statsX = strip.maxX + 1
    let axis = AxisView(cellsPerIndex: PlaygroundLayout.cellsPerLocation)
    let mapping = AxisMapping(
      view: axis, count: PlaygroundState.locations, start: strip.x, length: strip.width)
    let keyX = labels.maxX - PlaygroundLayout.cellsPerLocation - 1
    let editing = s.focus == .memory
    var y = area.y

    // Location numbers, the cursor's in reverse.
    grid.write("location", x: labels.x, y: y, style: theme.muted, clip: labels)
    grid.write(" k", x: keyX, y: y, style: theme.title, clip: labels)
    for i in 0..<PlaygroundState.locations {
      guard let span = mapping.screenRange(ofIndex: i) else { continue }
      let isCursor = i == s.cursor.location
      grid.write(
        i < 10 ? " \(i) " : "\(i) ", x: span.lowerBound, y: y,
        style: isCursor ? theme.accent.adding(.reverse) : theme.muted)
    }
    y += 1

    // Memory values (transposed: a location per column group) and the key column.
    let memoryRect = Rect(x: strip.x, y: y, width: strip.width, height: PlaygroundState.width)
    let scale = ValueScale.diverging(limit: 1)
    Heatmap(
      values: s.memory.values, rows: s.memory.rows, columns: s.memory.columns, scale: scale, transposed: true,
      horizontal: axis, vertical: AxisView()
    ).render(into: &grid, in: memoryRect, theme: theme)
    for j in 0..<PlaygroundState.width {
      grid.write("M(i,\(j))", x: labels.x, y: y + j, style: theme.muted, clip: labels)
      let keyCells = Rect(x: keyX, y: y + j, width: PlaygroundLayout.cellsPerLocation, height: 1)
      grid.fill(keyCells, with: theme.cell(for: s.key[j], scale: scale))
      number(s.key[j], signed: true, into: &grid, x: keyX, y: y + j, theme: theme)
      if editing && s.cursor.location < 0 && s.cursor.component == j {
        grid.applyStyle(keyCells) { $0.attributes.formUnion([.reverse, .bold]) }
      }
      for i in 0..<PlaygroundState.locations {
        guard let span = mapping.screenRange(ofIndex: i) else { continue }
        number(s.memory[i, j], signed: true, into: &grid, x: span.lowerBound, y: y + j, theme: theme)
        if editing && s.cursor.location == i && s.cursor.component == j {
          grid.applyStyle(Rect(x: span.lowerBound, y: y + j, width: span.count, height: 1)) {
            $0.attributes.formUnion([.reverse, .bold])
          }
        }
      }
    }
    y += PlaygroundState.width

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
      for i in 0..<values.count {
        guard let span = mapping.screenRange(ofIndex: i) else { continue }
        number(values[i], signed: stage == .similarity, into: &grid, x: span.lowerBound, y: y, theme: theme)
      }
      if wide, let best = values.indices.max(by: { values[$0] < values[$1] }) {
        grid.write(
          "max \(fixed(values[best], 2)) @\(best)", x: statsX, y: y,
          style: isSelected ? theme.title : .plain, clip: area)
      }
      y += 1
    }
  }

  /// A value printed over its coloured cells, three characters wide: weights below 0.005 are
  /// left blank (their colour already says "nothing"), signed values always show.
  private static func number(
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
    let shift = s.shiftWeighting
    let values: [(PlaygroundParameter, String)] = [
      (.key, s.keyRow.map { "M(\($0))" } ?? "typed"),
      (.keyStrength, fixed(s.keyStrength, 1)),
      (.interpolationGate, fixed(s.interpolationGate, 2)),
      (.shiftDown, fixed(shift[0], 2)),
      (.shiftStay, fixed(shift[1], 2)),
      (.shiftUp, fixed(shift[2], 2)),
      (.sharpening, fixed(s.sharpening, 1)),
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
    guard wide else {
      TextBlock(s.preset.explanation).render(into: &grid, in: rect, theme: theme)
      return
    }
    let lines = Text.wrapped(s.preset.explanation, width: rect.width - 4).count
    let (frame, rest) = rect.sliceTop(lines + 2)
    let text = Panel(title: "Preset \(s.presetIndex): \(s.preset.name)").render(
      into: &grid, in: frame, theme: theme)
    TextBlock(s.preset.explanation).render(
      into: &grid, in: text.inset(horizontal: 1, vertical: 0), theme: theme)
    keys(into: &grid, in: rest, theme: theme)
  }

  /// The help's key list in two columns, where the wide layout has rows to spare.
  private static func keys(into grid: inout CellGrid, in rect: Rect, theme: Theme) {
    let entries = PlaygroundKeys.help
    let rows = (entries.count + 1) / 2
    guard rect.height >= 3 else { return }
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
        Span("  6 numbers, or 6 signs like +-+0--; enter applies, esc cancels", style: theme.muted),
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
