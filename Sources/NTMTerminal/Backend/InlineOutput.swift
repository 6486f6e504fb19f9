import CNcursesw

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// A cell grid printed into the ordinary flow of standard output, as `ntm figure` prints a
/// figure: not the full-screen visualiser, just lines of text, coloured when the output is a
/// terminal that shows colour, plain text (no escape sequences at all) otherwise.
///
/// ```swift
/// let output = InlineOutput.detect()
/// let grid = FigureView(figure: figure).render(width: output.width, theme: output.theme)
/// print(output.text(grid), terminator: "")
/// ```
public struct InlineOutput: Sendable {
  public var theme: Theme
  public var width: Int
  /// Whether to write SGR escape sequences (colours and attributes).
  public var escapes: Bool

  public init(theme: Theme, width: Int, escapes: Bool) {
    self.theme = theme
    self.width = width
    self.escapes = escapes
  }

  /// For this process's standard output. A terminal gets colours (256 when `TERM` names a
  /// 256-colour or direct-colour terminal or `COLORTERM` is set, else 8; none with `NO_COLOR`
  /// or `TERM=dumb`) and its own width; anything else (a pipe, a file) gets monochrome plain
  /// text `fallbackWidth` columns wide. Glyphs follow the locale, as in the visualiser.
  public static func detect(
    environment: [String: String], fallbackWidth: Int = 100, width: Int? = nil
  ) -> InlineOutput {
    let glyphs = Glyphs.detect(utf8: NcursesBackend.isUTF8Locale())
    guard cncursesw_stdout_isatty() != 0 else {
      return InlineOutput(
        theme: Theme(colorMode: .monochrome, glyphs: glyphs), width: width ?? fallbackWidth, escapes: false)
    }
    let term = environment["TERM"] ?? ""
    let colors =
      term.isEmpty || term == "dumb"
      ? 0
      : (term.contains("256color") || term.contains("direct") || environment["COLORTERM"] != nil ? 256 : 8)
    let mode = ColorMode.detect(environment: environment, colors: colors)
    return InlineOutput(
      theme: Theme(colorMode: mode, glyphs: glyphs), width: width ?? terminalWidth() ?? fallbackWidth,
      escapes: mode != .monochrome)
  }

  /// The width of the terminal on standard output, if it is one.
  static func terminalWidth() -> Int? {
    var size = winsize()
    guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
    return Int(size.ws_col)
  }

  /// The grid as lines of text, each ending in a newline, trailing blanks dropped. With
  /// `escapes`, a cell's style is set by SGR sequences where it changes and reset at each line's
  /// end, so a line never leaks colour into the next.
  public func text(_ grid: CellGrid) -> String {
    guard escapes else { return grid.text + "\n" }
    var out = ""
    for y in 0..<grid.height {
      var end = grid.width
      while end > 0, grid[end - 1, y] == .blank { end -= 1 }
      var style = CellStyle.plain
      for x in 0..<end {
        let cell = grid[x, y]
        if cell.style != style {
          out += RecordingBackend.sgr(cell.style)
          style = cell.style
        }
        out.append(CellGrid.printable(cell.character))
      }
      if style != .plain { out += "\u{1B}[0m" }
      out += "\n"
    }
    return out
  }
}
