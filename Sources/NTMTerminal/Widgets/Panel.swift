/// A box with a title, framing a region of the screen.
///
/// ```swift
/// let inner = Panel(title: "Memory", isFocused: true).render(into: &grid, in: rect, theme: theme)
/// memory.render(into: &grid, in: inner, theme: theme)
/// ```
///
/// ```
/// ┌─ Memory ─────┐      +- Memory -----+
/// │              │      |              |
/// └──────────────┘      +--------------+
/// ```
///
/// A focused panel's border uses the theme's accent style. A title too long for the border is
/// cut with an ellipsis. Rectangles smaller than 2×2 get no border, and their inner rectangle is
/// empty.
public struct Panel: Sendable {
  public var title: String?
  public var isFocused: Bool

  public init(title: String? = nil, isFocused: Bool = false) {
    self.title = title
    self.isFocused = isFocused
  }

  /// The rectangle inside the border.
  public static func innerRect(of rect: Rect) -> Rect { rect.inset(by: 1) }

  /// Draws the border and title (without clearing the inside) and returns the inner rectangle.
  @discardableResult
  public func render(into grid: inout CellGrid, in rect: Rect, theme: Theme) -> Rect {
    guard rect.width >= 2, rect.height >= 2 else { return Panel.innerRect(of: rect) }
    let g = theme.glyphs
    let style = isFocused ? theme.accent : CellStyle.plain
    let clip = rect
    for x in (rect.x + 1)..<(rect.maxX - 1) {
      grid[x, rect.y] = Cell(g.horizontal, style: style)
      grid[x, rect.maxY - 1] = Cell(g.horizontal, style: style)
    }
    for y in (rect.y + 1)..<(rect.maxY - 1) {
      grid[rect.x, y] = Cell(g.vertical, style: style)
      grid[rect.maxX - 1, y] = Cell(g.vertical, style: style)
    }
    grid[rect.x, rect.y] = Cell(g.topLeft, style: style)
    grid[rect.maxX - 1, rect.y] = Cell(g.topRight, style: style)
    grid[rect.x, rect.maxY - 1] = Cell(g.bottomLeft, style: style)
    grid[rect.maxX - 1, rect.maxY - 1] = Cell(g.bottomRight, style: style)
    if let title, !title.isEmpty {
      // "┌─ Title ─": two cells of border before the title, one space either side.
      let room = rect.width - 6
      if room >= 1 {
        let text = Text.truncated(title, to: room, ellipsis: g.ellipsis)
        let titleStyle = isFocused ? theme.accent : theme.title
        grid.write(" ", x: rect.x + 2, y: rect.y, style: style, clip: clip)
        let end = grid.write(text, x: rect.x + 3, y: rect.y, style: titleStyle, clip: clip)
        grid.write(" ", x: end, y: rect.y, style: style, clip: clip)
      }
    }
    return Panel.innerRect(of: rect)
  }
}
