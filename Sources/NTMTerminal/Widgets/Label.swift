/// A run of text in one style.
public struct Span: Hashable, Sendable, ExpressibleByStringLiteral {
  public var text: String
  public var style: CellStyle

  public init(_ text: String, style: CellStyle = .plain) {
    self.text = text
    self.style = style
  }

  public init(stringLiteral value: String) { self.init(value) }
}

/// One line of text made of styled spans, aligned in a rectangle's first row and cut with an
/// ellipsis when too long: status lines, key hints, axis captions.
///
/// ```swift
/// Label([Span("step ", style: theme.muted), Span("12/40", style: theme.title)])
///   .render(into: &grid, in: statusRow, theme: theme)
/// Label("paused", alignment: .trailing).render(into: &grid, in: statusRow, theme: theme)
/// ```
public struct Label: Hashable, Sendable, ExpressibleByStringLiteral {
  public var spans: [Span]
  public var alignment: Alignment

  public init(_ spans: [Span], alignment: Alignment = .leading) {
    self.spans = spans
    self.alignment = alignment
  }

  public init(_ text: String, style: CellStyle = .plain, alignment: Alignment = .leading) {
    self.init([Span(text, style: style)], alignment: alignment)
  }

  public init(stringLiteral value: String) { self.init(value) }

  /// The number of columns the label needs.
  public var length: Int { spans.reduce(0) { $0 + $1.text.count } }

  public func render(into grid: inout CellGrid, in rect: Rect, theme: Theme) {
    let row = rect.sliceTop(1).slice
    guard !row.isEmpty else { return }
    var cells = spans.flatMap { span in span.text.map { Cell($0, style: span.style) } }
    if cells.count > row.width {
      // Cut, the ellipsis taking the last column in the style of the character it replaces.
      cells.removeLast(cells.count - row.width)
      cells[cells.count - 1].character = theme.glyphs.ellipsis
    }
    let x = Text.origin(length: cells.count, alignment: alignment, in: row)
    for (i, cell) in cells.enumerated() {
      grid[x + i, row.y] = Cell(CellGrid.printable(cell.character), style: cell.style)
    }
  }
}

/// Several lines of text, optionally word-wrapped to the rectangle's width, clipped to its height.
///
/// ```swift
/// TextBlock("The controller emits a key, compared with every memory row…", wraps: true)
///   .render(into: &grid, in: rect, theme: theme)
/// ```
public struct TextBlock: Hashable, Sendable {
  public var text: String
  public var style: CellStyle
  public var alignment: Alignment
  public var wraps: Bool

  public init(
    _ text: String, style: CellStyle = .plain, alignment: Alignment = .leading, wraps: Bool = true
  ) {
    self.text = text
    self.style = style
    self.alignment = alignment
    self.wraps = wraps
  }

  /// The lines as they would be drawn in a rectangle `width` wide.
  public func lines(width: Int) -> [String] {
    wraps
      ? Text.wrapped(text, width: width)
      : text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
  }

  public func render(into grid: inout CellGrid, in rect: Rect, theme: Theme) {
    guard !rect.isEmpty else { return }
    for (i, line) in lines(width: rect.width).prefix(rect.height).enumerated() {
      let text = Text.truncated(line, to: rect.width, ellipsis: theme.glyphs.ellipsis)
      let x = Text.origin(length: text.count, alignment: alignment, in: rect)
      grid.write(text, x: x, y: rect.y + i, style: style, clip: rect)
    }
  }
}
