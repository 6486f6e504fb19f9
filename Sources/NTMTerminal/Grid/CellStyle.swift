/// Colours and attributes without a character: what text is written *with*.
///
/// ```swift
/// grid.write("loss", x: 0, y: 0, style: CellStyle(foreground: .yellow, attributes: .bold))
/// ```
public struct CellStyle: Hashable, Sendable {
  public var foreground: Color
  public var background: Color
  public var attributes: CellAttributes

  public init(
    foreground: Color = .default, background: Color = .default, attributes: CellAttributes = []
  ) {
    self.foreground = foreground
    self.background = background
    self.attributes = attributes
  }

  /// Default colours, no attributes.
  public static let plain = CellStyle()

  /// This style with `attributes` added.
  public func adding(_ attributes: CellAttributes) -> CellStyle {
    var copy = self
    copy.attributes.formUnion(attributes)
    return copy
  }
}
