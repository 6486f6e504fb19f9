/// The characters widgets draw with, in a Unicode and an ASCII variant.
///
/// A locale whose encoding is not UTF-8 (e.g. `LANG=C` on an old system) cannot show block or
/// box-drawing characters: ncurses would print them as `M-b~@` garbage. `Glyphs.detect(utf8:)`
/// picks `.ascii` there. Widgets take every character from here, never from literals, so both
/// sets are exercised by the same render tests.
public struct Glyphs: Hashable, Sendable {
  /// Box drawing for `Panel` and `Overlay`.
  public var horizontal: Character
  public var vertical: Character
  public var topLeft: Character
  public var topRight: Character
  public var bottomLeft: Character
  public var bottomRight: Character

  /// Five levels of density from empty to full, for values without colour (monochrome).
  public var shades: [Character]
  /// Five levels of density for negative values in monochrome diverging scales, visibly unlike
  /// `shades` so that sign survives without colour.
  public var negativeShades: [Character]
  /// Eight bar heights from one eighth to full, for sparklines and bar charts.
  public var eighths: [Character]

  /// Markers: the focus of a weighting (below a strip), the current step (below a bit grid).
  public var markerUp: Character
  /// Shown at a strip's edge when the marked location is scrolled out of view.
  public var markerLeft: Character
  public var markerRight: Character
  /// A wrong bit in a `BitGrid`.
  public var wrong: Character
  /// A value that is not a number.
  public var notANumber: Character
  /// Cursor lines drawn over a heatmap: highlighted column, row, and their crossing.
  public var cursorVertical: Character
  public var cursorHorizontal: Character
  public var cursorCross: Character
  /// Marks truncated text.
  public var ellipsis: Character
  /// Separates the ends of a legend or a range: "0 … 1".
  public var rangeSeparator: String
  /// A minus sign for numbers.
  public var minus: Character

  public static let unicode = Glyphs(
    horizontal: "─", vertical: "│", topLeft: "┌", topRight: "┐", bottomLeft: "└", bottomRight: "┘",
    shades: [" ", "░", "▒", "▓", "█"], negativeShades: [" ", "·", "-", "=", "≡"],
    eighths: ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"],
    markerUp: "▲", markerLeft: "◀", markerRight: "▶", wrong: "×", notANumber: "?",
    cursorVertical: "│", cursorHorizontal: "─", cursorCross: "┼", ellipsis: "…", rangeSeparator: "…",
    minus: "−")

  public static let ascii = Glyphs(
    horizontal: "-", vertical: "|", topLeft: "+", topRight: "+", bottomLeft: "+", bottomRight: "+",
    shades: [" ", ".", ":", "*", "#"], negativeShades: [" ", ",", "-", "=", "%"],
    eighths: ["_", "_", "-", "-", "=", "=", "#", "#"],
    markerUp: "^", markerLeft: "<", markerRight: ">", wrong: "x", notANumber: "?",
    cursorVertical: "|", cursorHorizontal: "-", cursorCross: "+", ellipsis: "~", rangeSeparator: "..",
    minus: "-")

  /// `.unicode` when the locale's encoding is UTF-8, otherwise `.ascii`.
  public static func detect(utf8: Bool) -> Glyphs { utf8 ? .unicode : .ascii }

  /// Whether a locale's codeset name (as `nl_langinfo(CODESET)` reports it) is UTF-8.
  /// Accepts the spellings seen in practice: "UTF-8", "utf8", "UTF8".
  public static func isUTF8(codeset: String) -> Bool {
    let normalised = codeset.lowercased().filter { $0 != "-" && $0 != "_" }
    return normalised == "utf8"
  }
}
