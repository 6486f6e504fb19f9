/// A grid of values drawn two per cell, top and bottom halves, with the upper half block "▀":
/// the top value is the foreground colour and the bottom value the background. It doubles the
/// vertical resolution, which the sequence's bits and the weightings over time need to fit a
/// 40-row terminal. In monochrome the four on/off combinations are " ▀▄█" (ASCII " '.:").
struct HalfBlockGrid {
  /// `values[row][column]`, rows top to bottom.
  var values: [[Float]]
  var scale: ValueScale
  /// Cells to mark as wrong (same shape as `values`), drawn in the theme's error colour
  /// (reverse video in monochrome).
  var wrong: [[Bool]]? = nil
  /// A column to mark (the current step), drawn with a brighter attribute.
  var markedColumn: Int? = nil
  /// Columns drawn in greys rather than the scale's colours (in monochrome: dim), for values
  /// that do not count, such as outputs on unscored steps.
  var dimmedColumns: [Bool]? = nil

  /// The rows of cells needed for `rows` value rows.
  static func height(rows: Int) -> Int { (rows + 1) / 2 }

  func render(into grid: inout CellGrid, at x: Int, y: Int, clip: Rect, theme: Theme) {
    let rows = values.count
    guard rows > 0 else { return }
    let columns = values[0].count
    // Compared once here: `Glyphs` equality compares every glyph list.
    let blocks = theme.glyphs == .unicode
    for cellRow in 0..<HalfBlockGrid.height(rows: rows) {
      let top = cellRow * 2
      let bottom = top + 1
      for column in 0..<columns {
        let px = x + column
        let py = y + cellRow
        guard clip.contains(x: px, y: py) else { continue }
        let a = values[top][column]
        let b = bottom < rows ? values[bottom][column] : nil
        let wrongTop = wrong?[top][column] ?? false
        let wrongBottom = bottom < rows ? (wrong?[bottom][column] ?? false) : false
        var cell = cell(
          top: a, bottom: b, wrongTop: wrongTop, wrongBottom: wrongBottom, blocks: blocks, theme: theme)
        if dimmedColumns?[column] == true {
          cell = dimmed(top: a, bottom: b, cell, blocks: blocks, theme: theme)
        }
        if column == markedColumn { cell.attributes.insert(.bold) }
        grid[px, py] = cell
      }
    }
  }

  /// A cell of a dimmed column: grey levels for the values in 256 colours, the plain glyph
  /// dimmed otherwise.
  private func dimmed(top: Float, bottom: Float?, _ cell: Cell, blocks: Bool, theme: Theme) -> Cell {
    guard theme.colorMode == .color256, blocks else {
      var plain = cell
      plain.foreground = .default
      plain.attributes.insert(.dim)
      return plain
    }
    func grey(_ v: Float) -> Color { .grey(4 + Int(scale.normalized(v) * 10)) }
    return Cell("▀", style: CellStyle(foreground: grey(top), background: bottom.map(grey) ?? .default))
  }

  private func cell(
    top: Float, bottom: Float?, wrongTop: Bool, wrongBottom: Bool, blocks: Bool, theme: Theme
  ) -> Cell {
    // The theme's one error colour (as in `BitGrid` and the header's NOT TRAINED).
    let errorColor = theme.error.background
    // Without colour, or without block characters, each half is on or off (threshold 0.5).
    if theme.colorMode == .monochrome || !blocks {
      let onTop = scale.normalized(top) > 0.5
      let onBottom = bottom.map { scale.normalized($0) > 0.5 } ?? false
      let glyphs: [Character] =
        blocks ? [" ", "▀", "▄", "█"] : [" ", "'", ".", ":"]
      var cell = Cell(glyphs[(onTop ? 1 : 0) + (onBottom ? 2 : 0)], style: .plain)
      if wrongTop || wrongBottom {
        if theme.colorMode == .monochrome {
          cell.attributes.insert(.reverse)
        } else {
          cell.foreground = errorColor
        }
      }
      return cell
    }
    let fg = wrongTop ? errorColor : theme.color(for: top, scale: scale)
    let bg = bottom.map { wrongBottom ? errorColor : theme.color(for: $0, scale: scale) } ?? .default
    return Cell("▀", style: CellStyle(foreground: fg, background: bg))
  }
}
