/// A short vector (erase, add, key or read vector, controller state) as one row of coloured
/// cells, with an optional name on the left and the vector's range on the right.
///
/// ```swift
/// VectorBar(values: erase, scale: .sequential(), label: "e")          // "e ▒▒▒▒▒▒▒▒"
/// VectorBar(values: add, scale: .diverging(limit: 1), label: "a", showsRange: true)
///   .render(into: &grid, in: row, theme: theme)                       // "a ████ −0.42…0.97"
/// ```
///
/// When each component has at least three cells (`axis.cellsPerIndex` ≥ 3, e.g. from
/// `AxisView.fitting(count:length:maxCellsPerIndex:)`) and `showsValues` is set, each component's
/// value is printed inside its cells. Only the first row of the rectangle is used.
public struct VectorBar: Sendable {
  public var values: [Float]
  public var scale: ValueScale
  public var label: String?
  public var axis: AxisView
  /// Append "min…max" of the values after the strip.
  public var showsRange: Bool
  /// Print each value inside its cells when they are wide enough.
  public var showsValues: Bool

  public init(
    values: [Float], scale: ValueScale, label: String? = nil, axis: AxisView = AxisView(),
    showsRange: Bool = false, showsValues: Bool = false
  ) {
    self.values = values
    self.scale = scale
    self.label = label
    self.axis = axis
    self.showsRange = showsRange
    self.showsValues = showsValues
  }

  /// The text after the strip, e.g. "−0.42…0.97", or nil.
  public func rangeText(glyphs: Glyphs) -> String? {
    guard showsRange else { return nil }
    let finite = values.filter(\.isFinite)
    guard let lo = finite.min(), let hi = finite.max() else { return nil }
    return NumberFormat.fixed(lo, decimals: 2, minus: glyphs.minus) + glyphs.rangeSeparator
      + NumberFormat.fixed(hi, decimals: 2, minus: glyphs.minus)
  }

  /// The cells that show the values (the rectangle minus label and range text).
  public func stripRect(in rect: Rect, glyphs: Glyphs) -> Rect {
    var row = rect.sliceTop(1).slice
    if let label { row = row.sliceLeft(label.count + 1).remainder }
    if let range = rangeText(glyphs: glyphs) { row = row.sliceRight(range.count + 1).remainder }
    return row
  }

  /// Screen columns ↔ components.
  public func mapping(in rect: Rect, glyphs: Glyphs) -> AxisMapping {
    let strip = stripRect(in: rect, glyphs: glyphs)
    return AxisMapping(view: axis, count: values.count, start: strip.x, length: strip.width)
  }

  public func render(into grid: inout CellGrid, in rect: Rect, theme: Theme) {
    guard !rect.isEmpty else { return }
    let row = rect.sliceTop(1).slice
    if let label { grid.write(label, x: row.x, y: row.y, clip: row) }
    let strip = stripRect(in: rect, glyphs: theme.glyphs)
    if let range = rangeText(glyphs: theme.glyphs), strip.width > 0 {
      grid.write(range, x: strip.maxX + 1, y: row.y, style: theme.muted, clip: row)
    }
    let mapping = mapping(in: rect, glyphs: theme.glyphs)
    for x in strip.x..<strip.maxX {
      guard let components = mapping.indices(atScreen: x),
        let value = scale.representative(values[components.clamped(to: values.indices)])
      else { continue }
      grid[x, row.y] = theme.cell(for: value, scale: scale)
    }
    guard showsValues, mapping.view.indicesPerCell == 1, mapping.view.cellsPerIndex >= 3 else { return }
    for index in mapping.visibleIndices {
      guard let span = mapping.screenRange(ofIndex: index) else { continue }
      let text = NumberFormat.compact(values[index], width: span.count - 1, minus: theme.glyphs.minus)
      let x = span.lowerBound + (span.count - text.count) / 2
      for (i, character) in text.enumerated() {
        var cell = grid[x + i, row.y]
        cell.character = character
        cell.foreground = theme.contrastingForeground(on: cell.background)
        grid[x + i, row.y] = cell
      }
    }
  }
}
