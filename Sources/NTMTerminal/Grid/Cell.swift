/// One character cell of the screen: a grapheme and how it is drawn.
///
/// The grapheme must occupy exactly one terminal column. Every glyph the widgets use (blocks,
/// shades, box drawing, arrows) does; East Asian wide characters and emoji do not and are not
/// supported, because a two-column glyph would break the one-cell-per-column model that lets
/// widgets align strips column for column.
public struct Cell: Hashable, Sendable {
  public var character: Character
  public var foreground: Color
  public var background: Color
  public var attributes: CellAttributes

  public init(
    _ character: Character = " ", foreground: Color = .default, background: Color = .default,
    attributes: CellAttributes = []
  ) {
    self.character = character
    self.foreground = foreground
    self.background = background
    self.attributes = attributes
  }

  public init(_ character: Character, style: CellStyle) {
    self.init(
      character, foreground: style.foreground, background: style.background,
      attributes: style.attributes)
  }

  /// A space in default colours: what a cleared screen holds.
  public static let blank = Cell()

  /// The colours and attributes of this cell.
  public var style: CellStyle {
    get { CellStyle(foreground: foreground, background: background, attributes: attributes) }
    set {
      foreground = newValue.foreground
      background = newValue.background
      attributes = newValue.attributes
    }
  }
}
