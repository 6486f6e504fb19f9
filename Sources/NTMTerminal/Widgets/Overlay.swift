/// A centred box drawn over whatever is on screen: help, confirmations, error messages.
///
/// ```swift
/// Overlay(title: "Keys", lines: ["space  play/pause", "←/→    step", "q      quit"])
///   .render(into: &grid, in: grid.bounds, theme: theme)
/// ```
///
/// The box is sized to its content (plus a border and one column of padding each side), clamped
/// to the rectangle, and cleared before the text is drawn so the content beneath does not show
/// through. Lines that do not fit are cut with an ellipsis; the last visible line becomes "…"
/// when there are more lines than rows.
public struct Overlay: Sendable {
  public var title: String?
  public var lines: [Label]

  public init(title: String? = nil, lines: [Label]) {
    self.title = title
    self.lines = lines
  }

  public init(title: String? = nil, lines: [String]) {
    self.init(title: title, lines: lines.map { Label($0) })
  }

  /// The box's rectangle when drawn centred in `bounds`.
  public func frame(in bounds: Rect) -> Rect {
    let contentWidth = max(lines.map(\.length).max() ?? 0, (title?.count ?? 0) + 4)
    return bounds.centred(Size(width: contentWidth + 4, height: lines.count + 2))
  }

  /// Draws the box and returns its frame.
  @discardableResult
  public func render(into grid: inout CellGrid, in bounds: Rect, theme: Theme) -> Rect {
    let frame = frame(in: bounds)
    guard !frame.isEmpty else { return frame }
    grid.fill(frame, with: .blank)
    let inner = Panel(title: title, isFocused: true).render(into: &grid, in: frame, theme: theme)
    let text = inner.inset(horizontal: 1, vertical: 0)
    for (i, line) in lines.prefix(text.height).enumerated() {
      let row = Rect(x: text.x, y: text.y + i, width: text.width, height: 1)
      if i == text.height - 1, lines.count > text.height {
        Label(String(theme.glyphs.ellipsis)).render(into: &grid, in: row, theme: theme)
      } else {
        line.render(into: &grid, in: row, theme: theme)
      }
    }
    return frame
  }
}
