import NTM

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Each head's health over the whole run, one row per measure the head offers (the library's
/// `HeadMeasure`: for an NTM head its focus, largest weight, entropy, effective width, g, β, γ
/// and dominant shift), as bars aligned with the steps, the current step marked. The label
/// gives the value at the shown step and the right end the row's scale. Heads are drawn from
/// the selected one on, as many as fit; whatever a machine's heads offer is drawn the same way.
struct HealthPanel {
  let state: ViewerState
  static let labelWidth = 13
  /// Columns kept for a row's scale ("0–7.0 bits", "1–128 log", "115–10") after its bars.
  static let scaleWidth = 11
  static let minimumBarColumns = 12

  func render(into grid: inout CellGrid, in rect: Rect, theme: Theme) {
    let s = state
    let inner = Panel(title: "Head health · tab: next head").render(into: &grid, in: rect, theme: theme)
    let (markerRow, body) = inner.sliceBottom(1)
    let steps = s.episode.length
    // The bars scroll with the shown step; each row's scale keeps its columns at the right
    // unless that would leave the bars too few.
    let columns = body.width - Self.labelWidth
    let barColumns = columns - Self.scaleWidth >= Self.minimumBarColumns ? columns - Self.scaleWidth : columns
    let area = Rect(
      x: body.x + Self.labelWidth, y: body.y, width: min(barColumns, steps), height: body.height)
    let time = s.shownStep ?? -1
    let first = max(0, min(time + 1 - area.width / 2, steps - area.width))
    let visible = first..<min(steps, first + area.width)
    let scaleX = area.x + visible.count + 1
    let scaleEnd = body.maxX
    var y = body.y
    for offset in 0..<s.headCount {
      let h = (s.selectedHead + offset) % s.headCount
      let measures = s.run.measures[0][h]
      guard y + 1 + measures.count <= body.maxY else { break }
      grid.write(
        s.headName(h), x: body.x, y: y, style: theme.title.adding(offset == 0 ? .reverse : []), clip: body)
      y += 1
      for (k, measure) in measures.enumerated() {
        let series = s.run.measures.map { $0[h][k].value }
        let range = Self.range(of: measure.kind, series: series)
        let now = s.shownStep.map { series[$0] }
        let value = now.map { Self.format($0, kind: measure.kind) } ?? ""
        let label =
          measure.symbol.padding(toLength: Self.labelWidth - 1 - value.count, withPad: " ", startingAt: 0)
          + value
        grid.write(
          label, x: body.x, y: y, style: theme.muted, clip: body.sliceLeft(Self.labelWidth - 1).slice)
        for (column, t) in visible.enumerated() {
          var cell = Self.cell(series[t], kind: measure.kind, range: range, theme: theme)
          if t > time { cell.attributes.insert(.dim) }
          if t == time { cell.attributes.insert(.bold) }
          grid[area.x + column, y] = cell
        }
        if scaleX < scaleEnd {
          grid.write(
            range.text, x: scaleX, y: y, style: theme.muted,
            clip: Rect(x: scaleX, y: y, width: scaleEnd - scaleX, height: 1))
        }
        y += 1
      }
    }
    if let now = s.shownStep, visible.contains(now) {
      grid.write(String(theme.glyphs.markerUp), x: area.x + now - first, y: markerRow.y, style: theme.accent)
      grid.write("t = \(now)", x: markerRow.x, y: markerRow.y, style: theme.accent, clip: markerRow)
    }
  }

  /// The values a row's bars run between, and how its scale reads.
  struct Range {
    var lower: Float
    var upper: Float
    var logarithmic = false
    /// For locations: the memory size, values being read circularly from `lower`.
    var circular: Int? = nil
    var text: String
  }

  static func range(of kind: HeadMeasure.Kind, series: [Float]) -> Range {
    switch kind {
    case .location(let count):
      // Circularly, over the locations the focus visited: 0 and N − 1 are neighbours.
      let visited = Set(series.filter(\.isFinite).map { Int($0) }).sorted()
      let span = LocationSpan(covering: visited, locations: count)
      return Range(
        lower: Float(span.start), upper: Float(span.start + max(span.count - 1, 1)), circular: count,
        text: "\(span.start)–\((span.start + max(span.count - 1, 0)) % count)")
    case .fraction: return Range(lower: 0, upper: 1, text: "0–1")
    case .bits(let maximum):
      return Range(lower: 0, upper: maximum, text: "0–\(format(maximum, kind: kind)) bits")
    case .locations(let maximum):
      return Range(lower: 1, upper: maximum, logarithmic: true, text: "1–\(Int(maximum)) log")
    case .unbounded(let minimum):
      let largest = max(series.filter(\.isFinite).max() ?? minimum, minimum + 1)
      return Range(
        lower: minimum, upper: largest, text: "\(format(minimum, kind: kind))–\(format(largest, kind: kind))")
    case .offset(let shifts):
      return Range(lower: Float(shifts.lowerBound), upper: Float(shifts.upperBound), text: "‹ · ›")
    }
  }

  /// One step of a row: an eighth-block bar whose height and colour give the value on the
  /// row's range, or for a shift its direction (‹ down, · none, › up; a digit for longer ones).
  static func cell(_ value: Float, kind: HeadMeasure.Kind, range: Range, theme: Theme) -> Cell {
    guard value.isFinite else { return Cell(theme.glyphs.notANumber, style: theme.error) }
    if case .offset = kind {
      let glyph: Character =
        value == 0 ? "·" : (value == -1 ? "‹" : (value == 1 ? "›" : Character(String(Int(abs(value)) % 10))))
      return Cell(glyph, style: value < 0 ? theme.muted : (value > 0 ? .plain : theme.muted))
    }
    var t: Float
    if let n = range.circular {
      let offset = ((Int(value) - Int(range.lower)) % n + n) % n
      t = Float(offset) / max(range.upper - range.lower, 1)
    } else if range.logarithmic {
      t = log(max(value, range.lower) / range.lower) / log(max(range.upper / range.lower, 1.0001))
    } else {
      t = (value - range.lower) / max(range.upper - range.lower, 1e-6)
    }
    t = min(max(t, 0), 1)
    let eighths = theme.glyphs.eighths
    let level = Int((t * Float(eighths.count)).rounded())
    guard level > 0 else { return Cell(theme.glyphs.eighths[0], style: theme.muted) }
    return Cell(eighths[level - 1], foreground: theme.color(for: t, scale: .sequential()))
  }

  /// A value for a label or a scale: locations and shifts whole, fractions to two decimals,
  /// other numbers to one.
  static func format(_ value: Float, kind: HeadMeasure.Kind) -> String {
    guard value.isFinite else { return "nan" }
    switch kind {
    case .location, .offset: return String(Int(value))
    case .fraction: return NumberFormat.fixed(value, decimals: 2)
    default: return NumberFormat.fixed(value, decimals: 1)
    }
  }
}
