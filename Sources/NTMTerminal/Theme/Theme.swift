/// Everything a widget needs to know about the terminal it draws for: colour mode and glyphs,
/// and the styles derived from them.
///
/// ```swift
/// let theme = Theme(colorMode: .color8, glyphs: .ascii)
/// let cell = theme.cell(for: 0.9, scale: .sequential())   // a yellow background in 8 colours
/// Heatmap(values: m, rows: 4, columns: 3, scale: .diverging(limit: 1))
///   .render(into: &grid, in: grid.bounds, theme: theme)
/// ```
public struct Theme: Hashable, Sendable {
  public var colorMode: ColorMode
  public var glyphs: Glyphs

  public init(colorMode: ColorMode = .color256, glyphs: Glyphs = .unicode) {
    self.colorMode = colorMode
    self.glyphs = glyphs
  }

  /// The theme for a terminal: see `ColorMode.detect` and `Glyphs.detect`.
  public static func detect(environment: [String: String], colors: Int, utf8: Bool) -> Theme {
    Theme(colorMode: .detect(environment: environment, colors: colors), glyphs: .detect(utf8: utf8))
  }

  /// Every combination of colour mode and glyph set, for tests that must pass in all of them.
  public static let all: [Theme] = ColorMode.allCases.flatMap { mode in
    [Theme(colorMode: mode, glyphs: .unicode), Theme(colorMode: mode, glyphs: .ascii)]
  }

  // MARK: Values

  /// The cell that shows `value` on `scale`: a coloured space in colour modes, a shade
  /// character in monochrome, `glyphs.notANumber` in bold for NaN.
  public func cell(for value: Float, scale: ValueScale) -> Cell {
    let t = scale.normalized(value)
    if t.isNaN { return Cell(glyphs.notANumber, attributes: .bold) }
    switch scale {
    case .sequential:
      if let ramp = Palette.sequential(for: colorMode) {
        return Cell(" ", background: ramp[Palette.sequentialIndex(t, steps: ramp.count)])
      }
      return Cell(glyphs.shades[Palette.shadeLevel(t, levels: glyphs.shades.count)])
    case .diverging:
      if let ramp = Palette.diverging(for: colorMode) {
        return Cell(" ", background: ramp[Palette.divergingIndex(t, steps: ramp.count)])
      }
      let shades = t < 0 ? glyphs.negativeShades : glyphs.shades
      return Cell(shades[Palette.shadeLevel(abs(t), levels: shades.count)])
    }
  }

  /// The colour of `value` on `scale` for use as a foreground (bars, sparklines), or `.default`
  /// in monochrome.
  public func color(for value: Float, scale: ValueScale) -> Color {
    let t = scale.normalized(value)
    if t.isNaN { return .default }
    switch scale {
    case .sequential:
      guard let ramp = Palette.sequential(for: colorMode) else { return .default }
      return ramp[Palette.sequentialIndex(t, steps: ramp.count)]
    case .diverging:
      guard let ramp = Palette.diverging(for: colorMode) else { return .default }
      return ramp[Palette.divergingIndex(t, steps: ramp.count)]
    }
  }

  /// Black or white, whichever reads better on `background`; `.default` when the background is
  /// the terminal's own (whose colour is unknown) or in monochrome.
  public func contrastingForeground(on background: Color) -> Color {
    guard colorMode != .monochrome, let luma = background.luma else { return .default }
    switch colorMode {
    case .color256: return luma > 0.5 ? .indexed(16) : .indexed(231)
    default: return luma > 0.5 ? .black : .white
    }
  }

  // MARK: Semantic styles

  /// Titles of panels and overlays.
  public var title: CellStyle { CellStyle(attributes: .bold) }

  /// What the user is looking at: a focused panel's border, markers, the cursor.
  public var accent: CellStyle {
    switch colorMode {
    case .color256: CellStyle(foreground: .indexed(75), attributes: .bold)
    case .color8: CellStyle(foreground: .cyan, attributes: .bold)
    case .monochrome: CellStyle(attributes: .bold)
    }
  }

  /// Secondary text: axis labels, hints.
  public var muted: CellStyle {
    switch colorMode {
    case .color256: CellStyle(foreground: .indexed(245))
    case .color8, .monochrome: CellStyle(attributes: .dim)
    }
  }

  /// Errors and wrong values.
  public var error: CellStyle {
    switch colorMode {
    case .color256: CellStyle(foreground: .indexed(231), background: .indexed(160), attributes: .bold)
    case .color8: CellStyle(foreground: .white, background: .red, attributes: .bold)
    case .monochrome: CellStyle(attributes: [.reverse, .bold])
    }
  }
}
